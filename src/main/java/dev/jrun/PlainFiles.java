package dev.jrun;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whole-file reads (and writes) through java.io, for short JVMs: the runc verbs (state.json, /proc, cgroup files),
 * run and push (the store's index.json, manifests and configs). Files.readAllBytes and readString go
 * through FileChannel, whose first use loads and initializes ~40 classes (channels, IOUtil and its native
 * library, direct buffers) that nothing else in those JVMs needs (~2.6 ms of an interpreted push, helper
 * push7); FileInputStream is initialized at every JVM's start. It also streams procfs files, whose
 * reported size is wrong, to their end.
 */
public final class PlainFiles {
    private PlainFiles() {
    }

    /** The file's bytes; NoSuchFileException when it does not exist, as Files.readAllBytes says. */
    public static byte[] read(Path file) throws IOException {
        try (FileInputStream in = open(file)) {
            return in.readAllBytes();
        }
    }

    /**
     * The file opened for reading (a FIFO's open waits for a writer); NoSuchFileException when it does not
     * exist. java.io's FileNotFoundException does not say why the open failed, so a stat tells a missing
     * file from the other reasons. A file can appear between the two (another process's rename landing
     * just then, as a container's config.json while another run lists the containers): then the open is
     * tried again, and a file that keeps flickering in and out gets the last open's error.
     */
    public static FileInputStream open(Path file) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return new FileInputStream(file.toString());
            } catch (FileNotFoundException e) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(file.toString());
                }
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /**
     * Writes text (UTF-8) to the file, created or truncated, and returns it. Files.writeString opens a
     * FileChannel underneath (see above).
     */
    public static Path writeString(Path file, String text) throws IOException {
        try (java.io.FileOutputStream out = new java.io.FileOutputStream(file.toString())) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /**
     * mkdir: a new directory, whose parent exists; FileAlreadyExistsException (or the other reason, from
     * Files.createDirectory) when it cannot be made. java.io's mkdir is one system call, where
     * Files.createDirectory costs an interpreted run ~0.1 ms more per directory.
     */
    public static void mkdir(Path dir) throws IOException {
        if (!new java.io.File(dir.toString()).mkdir()) {
            Files.createDirectory(dir); // the precise exception, or a directory made after all
        }
    }

    /** The file as UTF-8 text. */
    public static String readString(Path file) throws IOException {
        return new String(read(file), StandardCharsets.UTF_8);
    }
}
