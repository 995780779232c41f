package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import dev.jrun.linux.HostProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create, mount, diff, commit and rm on the busybox fixture, through real overlayfs mounts. */
@Tag("root")
class ContainerLayerCliTest {
    @TempDir
    Path dir;

    CliRunner jrun;

    @BeforeEach
    void load() {
        jrun = new CliRunner(dir.resolve("store"));
        assertEquals(0, jrun.run("load", "-i", Fixtures.busybox().toString()).exitCode());
    }

    @AfterEach
    void nothingLeftMounted() {
        String root = dir.toString();
        List<String> left = HostProbe.mounts().stream().map(m -> m.mountPoint()).filter(m -> m.startsWith(root)).toList();
        assertEquals(List.of(), left, "mounts left behind");
    }

    @Test
    void diffAndCommitThroughARealOverlay() throws Exception {
        String id = ok("create", "--name", "c1", "busybox", "sh").trim();
        assertTrue(id.matches("[0-9a-f]{64}"), id);
        Path root = Path.of(ok("mount", "c1").trim());
        TreeMap<String, String> layersBefore = snapshot(dir.resolve("store/layers"));
        assertTrue(Files.isRegularFile(root.resolve("bin/busybox")));
        Files.writeString(root.resolve("new.txt"), "hello\n");
        Files.delete(root.resolve("etc/group"));
        Files.writeString(root.resolve("etc/passwd"), "changed\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("C /etc", "D /etc/group", "C /etc/passwd", "A /new.txt"), ok("diff", "c1").lines().toList());
        String image = ok("commit", "-m", "my change", "-c", "CMD [\"cat\", \"/new.txt\"]", "c1", "committed:1").trim();
        assertTrue(image.startsWith("sha256:"), image);
        ok("umount", "c1");
        TreeMap<String, String> layersAfter = snapshot(dir.resolve("store/layers"));
        layersAfter.keySet().removeIf(k -> k.startsWith(".lock"));
        layersBefore.keySet().removeIf(k -> k.startsWith(".lock"));
        assertEquals(layersBefore, layersAfter, "writes through the container never reach the image's layer dirs");

        ok("create", "--name", "c2", "committed:1");
        Path root2 = Path.of(ok("mount", "c2").trim());
        assertEquals("hello\n", Files.readString(root2.resolve("new.txt")));
        assertFalse(Files.exists(root2.resolve("etc/group")), "the deletion is in the committed layer");
        assertTrue(Files.readString(root2.resolve("etc/passwd")).endsWith("changed\n"));
        assertEquals("", ok("diff", "c2"), "a new container starts from a clean upper");
        String tree = ok("image", "tree", "--ascii", "committed:1");
        assertTrue(tree.contains("shared with 1 other image"), tree);
        assertTrue(ok("history", "committed:1").contains("my change"));
        assertEquals("c1\nc2\n", ok("rm", "c1", "c2"));
        assertFalse(Files.exists(dir.resolve("store/containers/" + id)));
    }

    /**
     * A container that ran has nothing in its diff and commits an empty change: the mount points of its
     * /etc/hostname, hosts and resolv.conf are in the image's init layer, not in the container's own layer.
     */
    @Test
    void theBoundEtcFilesAreNotTheContainersChanges() throws Exception {
        // detached, so that what the container prints goes to its log (a foreground run's output would go to
        // this JVM's own stdout, under surefire's channel)
        String id = ok("run", "-d", "--name", "r1", "--network", "none", "busybox", "sh", "-c",
                "cat /etc/hostname /etc/resolv.conf").trim();
        assertEquals("0\n", ok("wait", "r1"));
        assertTrue(ok("logs", "r1").startsWith(id.substring(0, 12) + "\n"), "the container's own hostname was bound");
        assertEquals("", ok("diff", "r1"));
        try (Stream<Path> s = Files.list(dir.resolve("store/containers"))) {
            Path upper = s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("upper");
            try (Stream<Path> u = Files.list(upper)) {
                assertEquals(List.of(), u.toList(), "the container's own layer stays empty");
            }
        }
        try (Stream<Path> s = Files.list(dir.resolve("store/layers"))) {
            Path init = s.filter(p -> p.getFileName().toString().endsWith("-init")).findFirst().orElseThrow();
            for (String f : List.of("hostname", "hosts", "resolv.conf")) {
                assertEquals(0, Files.size(init.resolve("etc").resolve(f)), f);
            }
        }
        // a second run shares the init layer, and --read-only needs no mount point made in its layer
        ok("run", "-d", "--name", "r2", "--read-only", "--network", "none", "busybox", "cat", "/etc/hosts");
        assertEquals("0\n", ok("wait", "r2"));
        assertTrue(ok("logs", "r2").contains("localhost"), "the read-only container's /etc/hosts was bound");
        ok("rm", "r1", "r2");
    }

    @Test
    void removingTheImageKeepsTheLayersOfItsContainers() throws Exception {
        ok("create", "--name", "keep", "busybox");
        assertEquals(0, jrun.run("rmi", "-f", "busybox").exitCode());
        Path root = Path.of(ok("mount", "keep").trim());
        assertTrue(Files.isRegularFile(root.resolve("bin/busybox")), "layers a container uses survive gc");
        ok("rm", "keep");
        jrun.run("image", "prune");
        try (Stream<Path> s = Files.list(dir.resolve("store/layers"))) {
            assertEquals(List.of(), s.filter(p -> !p.getFileName().toString().startsWith(".")).toList());
        }
    }

    private String ok(String... args) {
        CliRunner.Result r = jrun.run(args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        return r.out();
    }

    /** path → size:mtime:mode of every file under dir. */
    private static TreeMap<String, String> snapshot(Path dir) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                var a = Files.readAttributes(p, "unix:size,lastModifiedTime,mode", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                m.put(dir.relativize(p).toString(), a.get("size") + ":" + a.get("lastModifiedTime") + ":" + a.get("mode"));
            }
        }
        return m;
    }
}
