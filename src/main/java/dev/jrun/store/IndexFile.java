package dev.jrun.store;

import dev.jrun.JrunException;
import dev.jrun.PlainFiles;
import dev.jrun.image.Descriptor;
import dev.jrun.image.ImageIndex;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The OCI layout's index.json and oci-layout files, each replaced atomically (temp, fsync, rename). */
final class IndexFile {
    static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The annotation of an entry that records a repository digest (jrun's own; no ref.name). */
    static final String REPO_DIGEST = "dev.jrun.image.repo-digest";
    static final String CONTAINERD_NAME = "io.containerd.image.name";
    private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final StorePaths paths;

    IndexFile(StorePaths paths) {
        this.paths = paths;
    }

    void init() {
        try {
            // looked at first: on a directory that exists, createDirectories fails its mkdir with an exception
            // (two per command, ~0.5 ms interpreted) before it checks
            if (!Files.isDirectory(paths.blobs().resolve("sha256"))) {
                Files.createDirectories(paths.blobs().resolve("sha256"));
            }
            if (!Files.isDirectory(paths.tmp())) {
                Files.createDirectories(paths.tmp());
            }
            if (!Files.exists(paths.ociLayout())) {
                writeAtomically(paths.ociLayout(), LAYOUT);
            }
            if (!Files.exists(paths.index())) {
                write(List.of());
            }
        } catch (IOException e) {
            throw new JrunException("initialise store at " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    List<Descriptor> read() {
        try {
            return ImageIndex.parse(PlainFiles.read(paths.index()), paths.index().toString()).manifests();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new JrunException("read " + paths.index() + ": " + e.getMessage(), e);
        }
    }

    void write(List<Descriptor> entries) {
        try {
            writeAtomically(paths.index(), Json.bytes(ImageIndex.oci(entries)));
        } catch (IOException e) {
            throw new JrunException("write " + paths.index() + ": " + e.getMessage(), e);
        }
    }

    static void writeAtomically(Path target, byte[] data) throws IOException {
        AtomicFiles.write(target, data);
    }
}
