package dev.jrun.layer;

import dev.jrun.linux.LinuxFileSystemOps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark entry point used by scripts/bench/unpack: unpacks one blob into a new directory and
 * prints "seconds entries diffId digest". Not part of the CLI.
 */
public final class UnpackBench {
    private UnpackBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: UnpackBench BLOB NEW_DIR");
            System.exit(2);
        }
        Path target = Files.createDirectory(Path.of(args[1]));
        long start = System.nanoTime();
        FileSystemOps ops = new LinuxFileSystemOps();
        UnpackResult r;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            r = new LayerUnpacker(ops).unpack(in, target, UnpackOptions.overlay(ops.privileged()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.3f %d %s %s%n", seconds, r.entries(), r.diffId(), r.digest());
    }
}
