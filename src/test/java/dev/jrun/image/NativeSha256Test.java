package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** libcrypto's SHA-256 through jffi gives exactly the JDK's digests, however the input is split. */
class NativeSha256Test {
    static MessageDigest jdk() throws Exception {
        return MessageDigest.getInstance("SHA-256");
    }

    /** Debian installs libcrypto.so.3 here (scripts/setup's openssl); where it is, it must be used. */
    static MessageDigest nativeDigest() {
        MessageDigest md = NativeSha256.create();
        boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libcrypto.so.3"));
        if (installed) {
            assertNotNull(md, "libcrypto.so.3 is installed but NativeSha256 is unavailable");
        }
        return md;
    }

    @Test
    void sameDigestsAsTheJdk() throws Exception {
        MessageDigest md = nativeDigest();
        if (md == null) {
            return; // nothing to compare on a machine without libcrypto: callers use the JDK's
        }
        Random r = new Random(7);
        for (int n : new int[] {0, 1, 55, 56, 63, 64, 65, 1000, (1 << 20) + 3}) {
            byte[] data = new byte[n];
            r.nextBytes(data);
            assertArrayEquals(jdk().digest(data), md.digest(data), n + " bytes in one update");
            // split at odd places, plus a single-byte update
            int cut = n / 3;
            md.update(data, 0, cut);
            if (n > cut) {
                md.update(data[cut]);
                md.update(data, cut + 1, n - cut - 1);
            }
            assertArrayEquals(jdk().digest(data), md.digest(), n + " bytes in pieces");
        }
    }

    @Test
    void resetAndCloneKeepTheirOwnState() throws Exception {
        MessageDigest md = nativeDigest();
        if (md == null) {
            return;
        }
        md.update(new byte[] {1, 2, 3});
        md.reset();
        assertArrayEquals(jdk().digest(new byte[] {9}), md.digest(new byte[] {9}));
        md.update(new byte[] {1, 2});
        MessageDigest copy = (MessageDigest) md.clone();
        md.update((byte) 3);
        copy.update((byte) 4);
        assertArrayEquals(jdk().digest(new byte[] {1, 2, 3}), md.digest());
        assertArrayEquals(jdk().digest(new byte[] {1, 2, 4}), copy.digest());
        assertEquals(32, md.getDigestLength());
    }
}
