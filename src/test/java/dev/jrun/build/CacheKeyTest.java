package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Digest;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Same input, same key; each input changed, a new key. */
class CacheKeyTest {
    private static final Digest PARENT = Digest.sha256("parent");
    private static final Digest CONTENT = Digest.sha256("content");

    private static FsEntry file(int mode, int uid, int gid, long size) {
        return new FsEntry("a", FsEntry.Kind.FILE, mode, uid, gid, size, null, Path.of("/nonexistent"), 1);
    }

    private static Digest key(Digest parent, String text, String file, String arg) {
        Map<String, String> in = new TreeMap<>();
        in.put("file:a", file);
        in.put("arg:X", arg);
        return CacheKey.of(parent, text, in).digest();
    }

    @Test
    void sameInputsSameKeyAndEveryChangeANewOne() {
        String f = CacheKey.fileInput(file(0644, 0, 0, 3), CONTENT);
        Digest base = key(PARENT, "COPY a /a", f, "1");
        assertEquals(base, key(PARENT, "COPY a /a", f, "1"));
        assertNotEquals(base, key(Digest.sha256("other"), "COPY a /a", f, "1"), "parent");
        assertNotEquals(base, key(PARENT, "COPY a /b", f, "1"), "instruction text");
        assertNotEquals(base, key(PARENT, "COPY a /a", f, "2"), "build arg");
        assertNotEquals(base, key(PARENT, "COPY a /a", CacheKey.fileInput(file(0755, 0, 0, 3), CONTENT), "1"), "mode");
        assertNotEquals(base, key(PARENT, "COPY a /a", CacheKey.fileInput(file(0644, 1, 0, 3), CONTENT), "1"), "uid");
        assertNotEquals(base, key(PARENT, "COPY a /a", CacheKey.fileInput(file(0644, 0, 1, 3), CONTENT), "1"), "gid");
        assertNotEquals(base, key(PARENT, "COPY a /a", CacheKey.fileInput(file(0644, 0, 0, 4), CONTENT), "1"), "size");
        assertNotEquals(base, key(PARENT, "COPY a /a",
                CacheKey.fileInput(file(0644, 0, 0, 3), Digest.sha256("other")), "1"), "content");
        FsEntry touched = file(0644, 0, 0, 3).withMtime(999);
        assertEquals(base, key(PARENT, "COPY a /a", CacheKey.fileInput(touched, CONTENT), "1"), "mtime ignored");
    }

    @Test
    void keyPartsCannotRunTogether() {
        assertNotEquals(CacheKey.of(PARENT, "ab", Map.of("c", "")).digest(),
                CacheKey.of(PARENT, "a", Map.of("bc", "")).digest());
        assertNotEquals(CacheKey.of(null, "x", Map.of()).digest(), CacheKey.of(PARENT, "x", Map.of()).digest());
    }

    @Test
    void missDiffNamesFilesAndArgs() {
        String d = BuildCache.diff(Map.of("file:a", "1", "file:gone", "x", "arg:V", "1"),
                Map.of("file:a", "2", "file:new", "y", "arg:V", "2"));
        assertTrue(d.contains("file a changed"), d);
        assertTrue(d.contains("file gone removed"), d);
        assertTrue(d.contains("file new added"), d);
        assertTrue(d.contains("ARG V changed: \"1\" -> \"2\""), d);
    }
}
