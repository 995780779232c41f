package dev.jrun.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces small files whole: write a temp file beside the target, rename it over the target. A reader
 * sees the old or the new content, never a mix, whenever the writer is killed.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Durable: the data is on disk (fsync) before the rename, so a power loss keeps old or new. For the store's records. */
    public static void write(Path target, byte[] data) throws IOException {
        replace(target, data, true);
    }

    /**
     * Atomic against a killed process but not flushed: after a power loss the file may be empty. For
     * runtime state that a reboot makes stale anyway (a container's state.json, as runc's own), whose
     * readers must take an unreadable file as "state lost". An fsync costs 1-13 ms on these disks and
     * a container run writes its state three times.
     */
    public static void writeVolatile(Path target, byte[] data) throws IOException {
        replace(target, data, false);
    }

    private static void replace(Path target, byte[] data, boolean durable) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + Pids.self() + "."
                + Thread.currentThread().getId() + ".tmp");
        boolean moved = false;
        try {
            // java.io: a FileChannel's first use loads ~40 classes, which a runc verb's JVM needs for nothing else
            try (FileOutputStream out = new FileOutputStream(tmp.toString())) {
                out.write(data);
                if (durable) {
                    out.getChannel().force(false);
                }
            }
            // rename(2) through java.io first: Files.move's option sets, copy checks and exceptions cost ~0.3 ms of
            // an interpreted run; a refusal goes through Files.move again for its precise exception
            if (!new java.io.File(tmp.toString()).renameTo(new java.io.File(target.toString()))) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) { // after the rename there is nothing to delete (and deleteIfExists's ENOENT costs an exception)
                Files.deleteIfExists(tmp);
            }
        }
    }
}
