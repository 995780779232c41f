package dev.jrun.layer;

import static dev.jrun.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.linux.LinuxFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whiteouts on top of a lower tree, after umoci's TestUnpackEntryWhiteout: the lower tree is
 * already in the target dir; the layer's whiteouts either delete (flatten) or become overlay
 * whiteouts. Expected trees list every path left, with "W" for an overlay whiteout device and
 * "O" for an opaque directory.
 */
class WhiteoutUnpackTest {
    @TempDir
    Path tmp;
    private final FileSystemOps ops = new LinuxFileSystemOps();

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("file whiteout", tar().file("a/.wh.b", ""),
                List.of("/a", "/a/c", "/d", "/d/e", "/d/f"), List.of("/a", "/a/b W", "/a/c", "/d", "/d/e", "/d/f")),
            Arguments.of("dir whiteout", tar().file(".wh.d", ""),
                List.of("/a", "/a/b", "/a/c"), List.of("/a", "/a/b", "/a/c", "/d W")),
            Arguments.of("whiteout of missing", tar().file("a/.wh.zz", ""),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f"),
                List.of("/a", "/a/b", "/a/c", "/a/zz W", "/d", "/d/e", "/d/f")),
            Arguments.of("opaque then new child", tar().dir("d").file("d/.wh..wh..opq", "").file("d/new", "n"),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/new"), List.of("/a", "/a/b", "/a/c", "/d O", "/d/e", "/d/f", "/d/new")),
            Arguments.of("new child then opaque", tar().dir("d").file("d/new", "n").file("d/.wh..wh..opq", ""),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/new"), List.of("/a", "/a/b", "/a/c", "/d O", "/d/e", "/d/f", "/d/new")),
            Arguments.of("opaque on missing dir", tar().file("x/.wh..wh..opq", ""),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f", "/x"),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f", "/x O")),
            Arguments.of("whiteout then same name", tar().file("a/.wh.b", "").file("a/b", "new"),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f"), List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f")),
            Arguments.of("aufs metadata skipped", tar().file(".wh..wh.plnk/1", "").file(".wh..wh.aufs", ""),
                List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f"), List.of("/a", "/a/b", "/a/c", "/d", "/d/e", "/d/f")));
    }

    private Path lower() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("root"));
        byte[] lower = tar().dir("a").file("a/b", "b").file("a/c", "c").dir("d").file("d/e", "e").file("d/f", "f").bytes();
        new LayerUnpacker(ops).unpack(new ByteArrayInputStream(lower), root, UnpackOptions.flatten(false));
        return root;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void deleteMode(String name, TarBuilder layer, List<String> flattened, List<String> overlay) throws IOException {
        Path root = lower();
        new LayerUnpacker(ops).unpack(new ByteArrayInputStream(layer.bytes()), root, UnpackOptions.flatten(false));
        assertEquals(flattened, listing(root, WhiteoutMode.DELETE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void overlayUserXattrMode(String name, TarBuilder layer, List<String> flattened, List<String> overlay) throws IOException {
        Path root = lower();
        new LayerUnpacker(ops).unpack(new ByteArrayInputStream(layer.bytes()), root,
                new UnpackOptions(WhiteoutMode.OVERLAY_USERXATTR, false, w -> { }, null));
        assertEquals(overlay, listing(root, WhiteoutMode.OVERLAY_USERXATTR));
    }

    @Test
    @Tag("root")
    void overlayModeWritesTrustedXattrAndWhiteoutDevices() throws IOException {
        Path root = Files.createDirectory(tmp.resolve("layer"));
        byte[] layer = tar().dir("d").file("d/.wh..wh..opq", "").file("d/.wh.gone", "").bytes();
        new LayerUnpacker(ops).unpack(new ByteArrayInputStream(layer), root, UnpackOptions.overlay(true));
        assertEquals(List.of("/d O", "/d/gone W"), listing(root, WhiteoutMode.OVERLAY));
    }

    private List<String> listing(Path root, WhiteoutMode mode) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).sorted().map(p -> {
                try {
                    UpperEntry e = UpperEntry.read(p).orElseThrow();
                    String rel = "/" + root.relativize(p);
                    if (e.isWhiteout()) {
                        return rel + " W";
                    }
                    if (mode.opaqueXattr() != null && e.isDirectory() && ops.getXattr(p, mode.opaqueXattr()).isPresent()) {
                        return rel + " O";
                    }
                    return rel;
                } catch (IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }).toList();
        }
    }

    @Test
    void whiteoutNamesParse() {
        assertEquals(new Whiteout.File("a/b", "c"), Whiteout.parse("a/b/.wh.c").orElseThrow());
        assertEquals(new Whiteout.Opaque(""), Whiteout.parse(".wh..wh..opq").orElseThrow());
        assertEquals("a/b/c", new Whiteout.File("a/b", "c").target());
        assertTrue(Whiteout.parse("a/b/c.wh.d").isEmpty());
    }
}
