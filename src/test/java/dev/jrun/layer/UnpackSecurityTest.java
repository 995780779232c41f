package dev.jrun.layer;

import static dev.jrun.layer.TarBuilder.tar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.linux.LinuxFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a layer tar tries to write outside its root. Each case either is refused with a
 * LayerEntryException naming the entry, or is contained inside the root; in both, the sibling
 * "outside" directory must stay exactly as it was.
 */
class UnpackSecurityTest {
    @TempDir
    Path tmp;

    /** A case: tar built from the outside dir's absolute path; setup of the root; refused entry or check. */
    record Case(String name, java.util.function.Function<Path, byte[]> layer, Consumer<Path> prepare,
                String refusedEntry, BiFunction<Path, Path, Boolean> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case refused(String name, String entry, java.util.function.Function<Path, byte[]> layer) {
        return new Case(name, layer, root -> { }, entry, (r, o) -> true);
    }

    static Case contained(String name, java.util.function.Function<Path, byte[]> layer, BiFunction<Path, Path, Boolean> check) {
        return new Case(name, layer, root -> { }, null, check);
    }

    static Stream<Arguments> cases() {
        String longName = "x".repeat(300);
        String deepName = ("d".repeat(200) + "/").repeat(25) + "f";
        return Stream.of(
            refused("dotdot", "../escape", o -> tar().file("../escape", "x").bytes()),
            refused("dotdot inside", "a/../../escape", o -> tar().file("a/../../escape", "x").bytes()),
            refused("dotdot to outside dir", "../outside/secret", o -> tar().file("../outside/secret", "pwned").bytes()),
            contained("absolute name", o -> tar().file("/abs/file", "x").bytes(),
                (r, o) -> Files.isRegularFile(r.resolve("abs/file"))),
            contained("relative symlink out then write", o -> tar().symlink("link", "../outside").file("link/pwned", "x").bytes(),
                (r, o) -> Files.isRegularFile(r.resolve("outside/pwned"))),
            contained("absolute symlink out then write", o -> tar().symlink("link", o.toString()).file("link/pwned", "x").bytes(),
                (r, o) -> Files.isRegularFile(r.resolve(o.toString().substring(1) + "/pwned"))),
            contained("symlink chain out", o -> tar().symlink("a", "b").symlink("b", "../../../..").file("a/pwned", "x").bytes(),
                (r, o) -> Files.isRegularFile(r.resolve("pwned"))),
            contained("symlink replaces dir", o -> tar().dir("d").file("d/f", "1").symlink("d", o.toString())
                    .file("d/pwned", "x").bytes(),
                (r, o) -> Files.isSymbolicLink(r.resolve("d")) && Files.isRegularFile(r.resolve(o.toString().substring(1) + "/pwned"))),
            contained("write over symlink replaces it", o -> tar().symlink("s", o.resolve("secret").toString()).file("s", "pwned").bytes(),
                (r, o) -> Files.isRegularFile(r.resolve("s"), LinkOption.NOFOLLOW_LINKS)),
            contained("dir over symlink replaces it", o -> tar().symlink("s", o.toString()).dir("s").bytes(),
                (r, o) -> Files.isDirectory(r.resolve("s"), LinkOption.NOFOLLOW_LINKS)),
            refused("hard link dotdot", "hl", o -> tar().hardlink("hl", "../outside/secret").bytes()),
            refused("hard link absolute", "hl", o -> tar().hardlink("hl", o.resolve("secret").toString()).bytes()),
            refused("hard link through symlink", "hl", o -> tar().symlink("l", o.toString()).hardlink("hl", "l/secret").bytes()),
            refused("hard link to dir", "hl", o -> tar().dir("d").hardlink("hl", "d").bytes()),
            contained("hard link replaced keeps target", o -> tar().file("f", "orig").hardlink("hl", "f").file("hl", "new").bytes(),
                (r, o) -> read(r.resolve("f")).equals("orig") && read(r.resolve("hl")).equals("new")),
            contained("duplicate file later wins", o -> tar().file("f", "one").file("f", "two").bytes(),
                (r, o) -> read(r.resolve("f")).equals("two")),
            contained("file replaces dir", o -> tar().dir("d").file("d/x", "1").file("d", "file").bytes(),
                (r, o) -> read(r.resolve("d")).equals("file")),
            contained("dir replaces file", o -> tar().file("d", "file").dir("d").file("d/x", "1").bytes(),
                (r, o) -> read(r.resolve("d/x")).equals("1")),
            refused("symlink loop", "a/x", o -> tar().symlink("a", "b").symlink("b", "a").file("a/x", "1").bytes()),
            refused("long component", longName, o -> tar().file(longName, "x").bytes()),
            refused("path longer than PATH_MAX", deepName, o -> tar().file(deepName, "x").bytes()),
            refused("file as parent", "f/x", o -> tar().file("f", "1").file("f/x", "2").bytes()),
            refused("root replaced by symlink", ".", o -> tar().symlink(".", o.toString()).bytes()),
            contained("whiteout through symlink", o -> tar().symlink("l", o.toString()).file("l/.wh.secret", "").bytes(),
                (r, o) -> true),
            contained("opaque through symlink", o -> tar().symlink("l", o.toString()).file("l/.wh..wh..opq", "").bytes(),
                (r, o) -> true),
            contained("duplicate fifo", o -> tar().node("p", org.apache.commons.compress.archivers.tar.TarConstants.LF_FIFO, 0, 0)
                    .node("p", org.apache.commons.compress.archivers.tar.TarConstants.LF_FIFO, 0, 0).bytes(),
                (r, o) -> Files.exists(r.resolve("p"), LinkOption.NOFOLLOW_LINKS)),
            contained("dir mode then symlink to outside", o -> tar().dir("d", e -> e.setMode(040700)).symlink("d", o.toString()).bytes(),
                (r, o) -> Files.isSymbolicLink(r.resolve("d"))),
            contained("whiteout dotdot target", o -> tar().file("a/.wh...", "").bytes(), (r, o) -> true)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("cases")
    void confinesLayerToRoot(Case c) throws IOException {
        for (WhiteoutMode mode : List.of(WhiteoutMode.DELETE, WhiteoutMode.OVERLAY_USERXATTR)) {
            Path base = Files.createDirectories(tmp.resolve(mode.name()));
            Path root = Files.createDirectory(base.resolve("root"));
            Path outside = Files.createDirectory(base.resolve("outside"));
            Files.writeString(outside.resolve("secret"), "keep");
            c.prepare().accept(root);
            byte[] layer = c.layer().apply(outside);
            UnpackOptions options = new UnpackOptions(mode, false, w -> { }, null);
            LayerUnpacker unpacker = new LayerUnpacker(new LinuxFileSystemOps());
            if (c.refusedEntry() != null) {
                LayerEntryException e = assertThrows(LayerEntryException.class,
                        () -> unpacker.unpack(new ByteArrayInputStream(layer), root, options));
                assertEquals(c.refusedEntry(), e.entry(), e.getMessage());
            } else {
                unpacker.unpack(new ByteArrayInputStream(layer), root, options);
                assertTrue(c.check().apply(root, outside), "check inside root failed for " + c);
            }
            assertOutsideUntouched(base, outside);
        }
    }

    @ParameterizedTest(name = "pre-existing symlink {0}")
    @MethodSource("plantedLinks")
    void preExistingSymlinkInTargetIsFollowedOnlyInsideRoot(String linkTarget) throws IOException {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep");
        Files.createSymbolicLink(root.resolve("pre"), Path.of(linkTarget.replace("$OUT", outside.toString())));
        byte[] layer = tar().file("pre/pwned", "x").file("pre/secret", "pwned").file("pre/.wh.secret", "").bytes();
        new LayerUnpacker(new LinuxFileSystemOps()).unpack(new ByteArrayInputStream(layer), root, UnpackOptions.flatten(false));
        assertOutsideUntouched(tmp, outside);
        assertFalse(Files.exists(tmp.resolve("pwned")));
    }

    static Stream<String> plantedLinks() {
        return Stream.of("$OUT", "../outside", "../../../../../../../..", "/");
    }

    private static void assertOutsideUntouched(Path base, Path outside) throws IOException {
        assertEquals(040755, Files.getAttribute(outside, "unix:mode"), "outside dir mode changed");
        assertEquals(0100644, Files.getAttribute(outside.resolve("secret"), "unix:mode"), "outside file mode changed");
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(outside.resolve("secret")), s.toList(), "outside dir changed");
        }
        assertTrue(Files.isRegularFile(outside.resolve("secret"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(outside.resolve("secret")));
        try (Stream<Path> s = Files.list(base)) {
            assertEquals(java.util.Set.of("outside", "root"),
                    s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "something appeared next to the root");
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "<" + e + ">";
        }
    }
}
