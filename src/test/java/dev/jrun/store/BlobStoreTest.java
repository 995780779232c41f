package dev.jrun.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming blobs into the store: big ones cross the flush-behind threshold; bad ones leave nothing. */
class BlobStoreTest {
    @TempDir
    Path root;

    /** More than two flush-behind steps, not a multiple of the copy chunk. */
    static final int BIG = (int) (2 * BlobStore.FLUSH_BEHIND + 12345);

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    /** Hands out at most 7000 bytes per read, as a socket does, so the copy sees odd read sizes. */
    static InputStream trickle(byte[] data) {
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7000));
            }
        };
    }

    private String[] temps(ImageStore s) {
        File tmp = s.paths().tmp().toFile();
        String[] names = tmp.list();
        return names == null ? new String[0] : names;
    }

    @Test
    void bigStreamIsStoredWhole() throws Exception {
        ImageStore s = ImageStore.open(root);
        byte[] data = random(BIG);
        Digest d = Digest.sha256(data);
        BlobStore.Blob b = s.blobs().put(new ByteArrayInputStream(data), d, "test");
        assertEquals(d, b.digest());
        assertEquals(BIG, b.size());
        assertArrayEquals(data, Files.readAllBytes(s.blobs().path(d)));
        BlobStore.Blob odd = s.blobs().put(trickle(random(BIG - 1)), null, "test");
        assertArrayEquals(random(BIG - 1), Files.readAllBytes(s.blobs().path(odd.digest())));
        assertEquals(0, temps(s).length);
    }

    @Test
    void wrongDigestStoresNothing() {
        ImageStore s = ImageStore.open(root);
        byte[] data = random(BIG);
        Digest wrong = Digest.sha256(new byte[] {1});
        JrunException e = assertThrows(JrunException.class,
                () -> s.blobs().put(new ByteArrayInputStream(data), wrong, "registry blob"));
        assertTrue(e.getMessage().contains(wrong.toString()) && e.getMessage().contains(Digest.sha256(data).toString())
                && e.getMessage().contains("registry blob"), e.getMessage());
        assertFalse(s.blobs().exists(wrong));
        assertFalse(s.blobs().exists(Digest.sha256(data)));
        assertEquals(0, temps(s).length);
    }

    @Test
    void streamBrokenAfterAFlushStoresNothing() {
        ImageStore s = ImageStore.open(root);
        byte[] data = random(BIG);
        InputStream cut = new FilterInputStream(new ByteArrayInputStream(data)) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > BlobStore.FLUSH_BEHIND + 1000) {
                    throw new IOException("connection reset");
                }
                int n = super.read(b, off, len);
                read += Math.max(0, n);
                return n;
            }
        };
        JrunException e = assertThrows(JrunException.class, () -> s.blobs().put(cut, Digest.sha256(data), "x"));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
        assertFalse(s.blobs().exists(Digest.sha256(data)));
        assertEquals(0, temps(s).length);
    }
}
