package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The busybox base image that `make fixtures` builds (rootfs-fixtures/make-busybox). */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path busybox() {
        String dir = System.getProperty("jrun.fixtures", "rootfs-fixtures/build");
        Path p = Path.of(dir, "busybox.tar");
        assertTrue(Files.isRegularFile(p), p + " is missing: run 'make fixtures' (make test does)");
        return p;
    }
}
