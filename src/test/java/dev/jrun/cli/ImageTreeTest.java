package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.archive.TestArchives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTreeTest {
    @TempDir
    Path dir;

    @Test
    void drawsTheStackBaseAtTheBottomWithSharing() throws Exception {
        CliRunner jrun = new CliRunner(dir.resolve("store"));
        byte[] base = TestArchives.layer(Map.of("bin/sh", "sh"));
        byte[] app = TestArchives.layer(Map.of("app/a", "a"));
        byte[] other = TestArchives.layer(Map.of("app/b", "b"));
        Files.write(dir.resolve("a.tar"), TestArchives.tar(TestArchives.dockerArchive(List.of(base, app), "app:1",
                "2024-01-01T00:00:00Z")));
        Files.write(dir.resolve("b.tar"), TestArchives.tar(TestArchives.dockerArchive(List.of(base, other), "other:1",
                "2024-01-01T00:00:00Z")));
        assertEquals(0, jrun.run("load", "-i", dir.resolve("a.tar").toString()).exitCode());
        assertEquals(0, jrun.run("load", "-i", dir.resolve("b.tar").toString()).exitCode());
        CliRunner.Result r = jrun.run("image", "tree", "--ascii", "app:1");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("app:1  ") && lines.get(0).contains("2 layers"), lines.get(0));
        assertTrue(lines.get(1).contains("CMD [\"sh\"]") && lines.get(1).contains("no layer"), lines.get(1));
        int top = indexOf(lines, "|  2  ");
        int bottom = indexOf(lines, "|  1  ");
        assertTrue(top < bottom, "the newest layer is drawn above the base\n" + r.out());
        assertTrue(lines.get(top).endsWith("only this image"), lines.get(top));
        assertTrue(lines.get(bottom).endsWith("shared with 1 other image"), lines.get(bottom));
        assertTrue(lines.get(bottom).contains("ADD file"), lines.get(bottom));
        assertEquals("  base", lines.get(lines.size() - 1));
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix + " in\n" + String.join("\n", lines));
    }
}
