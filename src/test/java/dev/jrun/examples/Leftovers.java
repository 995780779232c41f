package dev.jrun.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/** What a store's containers could leave behind on the host, for tests to check none is left. */
final class Leftovers {
    private Leftovers() {
    }

    /** Asserts the store at root has no container, no mount under it, and none of ids has a cgroup. */
    static void assertNone(Path root, Collection<String> ids) throws IOException {
        assertEquals(List.of(), containerDirs(root), "container directories left in " + root);
        Path netns = root.resolve("run").resolve("netns");
        if (Files.isDirectory(netns)) {
            try (Stream<Path> s = Files.list(netns)) {
                assertEquals(List.of(), s.toList(), "network namespace handles left");
            }
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            if (line.contains(root.toString())) {
                mounts.add(line);
            }
        }
        assertEquals(List.of(), mounts, "mounts left under " + root);
        List<Path> cgroups = new ArrayList<>();
        try (Stream<Path> controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path c : (Iterable<Path>) controllers::iterator) {
                for (String id : ids) {
                    Path p = c.resolve("jrun").resolve(id);
                    if (Files.exists(p)) {
                        cgroups.add(p);
                    }
                }
            }
        }
        assertEquals(List.of(), cgroups, "cgroups left");
    }

    static List<String> containerDirs(Path root) throws IOException {
        Path dir = root.resolve("containers");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }

    /** A TCP port nothing listens on right now (the host network shares the host's ports). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
