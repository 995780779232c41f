package dev.jrun.registry;

import dev.jrun.PlainFiles;
import dev.jrun.image.Digest;
import dev.jrun.image.Json;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers in which registry repositories each blob was seen (pulled from or pushed to), so that a
 * push to another repository of the same registry can mount it instead of uploading it. A hint only:
 * a lost or stale entry costs an upload, never correctness.
 */
public final class BlobSources {
    private static final int MAX_PER_BLOB = 8;
    private final Path file;
    /** The hint file as {@link #preload} read it, for the next call (then read afresh). */
    private Map<String, List<String>> preloaded;

    public BlobSources(Path registryDir) {
        this.file = registryDir.resolve("blob-sources.json");
    }

    /**
     * Reads the hint file now, for the next {@link #repositories} or {@link #record} call: push reads it
     * while its first request waits for the connection, rather than after the answer.
     */
    public synchronized void preload() {
        preloaded = read();
    }

    private Map<String, List<String>> current() {
        Map<String, List<String>> m = preloaded;
        preloaded = null;
        return m != null ? m : read();
    }

    /** Repositories (without the registry) of this registry known to hold the blob, newest first. */
    public synchronized List<String> repositories(Digest blob, String registry) {
        List<String> out = new ArrayList<>();
        for (String s : current().getOrDefault(blob.toString(), List.of())) {
            if (s.startsWith(registry + "/")) {
                out.add(s.substring(registry.length() + 1));
            }
        }
        return out;
    }

    /** Records that these blobs are in registry/repository. */
    public synchronized void record(String registry, String repository, Collection<Digest> blobs) {
        Map<String, List<String>> root = current();
        Map<String, List<String>> before = new LinkedHashMap<>(root);
        String where = registry + "/" + repository;
        for (Digest d : blobs) {
            List<String> next = new ArrayList<>();
            next.add(where);
            for (String s : root.getOrDefault(d.toString(), List.of())) {
                if (!s.equals(where) && next.size() < MAX_PER_BLOB) {
                    next.add(s);
                }
            }
            root.put(d.toString(), next);
        }
        if (root.equals(before)) {
            return; // nothing new (a repeated push or pull)
        }
        try {
            Files.createDirectories(file.getParent());
            // atomic but not fsynced: a hint; and no Files.createTempFile, whose SecureRandom cost ~4 ms CPU
            AtomicFiles.writeVolatile(file, Json.bytes(root));
        } catch (IOException e) {
            // a hint only: losing it costs an upload later
        }
    }

    /** The hint file as blob -> repositories; anything unreadable or of another shape counts as empty. */
    private Map<String, List<String>> read() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            // java.io's exists, not Files.exists: several times cheaper in an interpreted push
            if (new java.io.File(file.toString()).exists()
                    && Json.parse(PlainFiles.read(file), file.toString()) instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (e.getValue() instanceof List<?> l) {
                        List<String> repos = new ArrayList<>();
                        for (Object o : l) {
                            if (o instanceof String s) {
                                repos.add(s);
                            }
                        }
                        out.put((String) e.getKey(), repos);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable hint file: start afresh
        }
        return out;
    }
}
