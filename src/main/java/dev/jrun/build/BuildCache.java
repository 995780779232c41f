package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import dev.jrun.store.AtomicFiles;
import dev.jrun.store.BlobStore;
import dev.jrun.store.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The build cache under {@code <root>/buildcache}: {@code entries/<key>.json} per step (each written
 * atomically, so concurrent builds are safe: the same key always maps to equivalent content), and
 * {@code slots/<sha(parent+instruction)>} naming the latest key of that step, for miss explanations.
 *
 * <p>Cached layers are ordinary blobs: the store's gc does not know the cache, so a layer only the
 * cache used can be collected. A lookup checks that the blob is still there and treats the entry as a
 * miss ("its layer was garbage-collected") otherwise; the step then runs again and re-creates it.
 */
public final class BuildCache {
    private final Path dir;
    private final BlobStore blobs;

    public BuildCache(Path dir, BlobStore blobs) {
        this.dir = dir;
        this.blobs = blobs;
    }

    /** The entry for this key if present and its layer blob still exists. */
    public Optional<CacheEntry> lookup(CacheKey key) {
        Optional<CacheEntry> e = read(dir.resolve("entries").resolve(key.digest().hex() + ".json"));
        return e.filter(c -> !c.hasLayer() || blobs.exists(c.layer().digest()));
    }

    private Optional<CacheEntry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.read(Files.readAllBytes(file), CacheEntry.class, "build cache entry " + file));
        } catch (IOException | JrunException e) {
            return Optional.empty(); // an unreadable entry is a miss; the step rewrites it
        }
    }

    public void put(CacheKey key, CacheEntry entry) {
        try {
            Path entries = dir.resolve("entries");
            Path slots = dir.resolve("slots");
            Files.createDirectories(entries);
            Files.createDirectories(slots);
            // no fsync: a torn entry reads as a miss (read below), the blobs it names were fsynced when
            // written, and slots and parents only feed explanations
            AtomicFiles.writeVolatile(entries.resolve(key.digest().hex() + ".json"), Json.bytes(entry));
            AtomicFiles.writeVolatile(slots.resolve(key.stepSlot().hex()), key.digest().hex().getBytes());
            if (key.parent() != null) {
                Path parent = dir.resolve("parents").resolve(key.parent().hex());
                Files.createDirectories(parent);
                AtomicFiles.writeVolatile(parent.resolve(key.digest().hex()), entry.instruction().getBytes());
            }
        } catch (IOException e) {
            throw new JrunException("write build cache entry in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Why {@code key} missed: compares with the last entry of the same step after the same parent. */
    public String explainMiss(CacheKey key) {
        Path slot = dir.resolve("slots").resolve(key.stepSlot().hex());
        try {
            if (Files.isRegularFile(slot)) {
                String hex = Files.readString(slot).trim();
                Optional<CacheEntry> prev = read(dir.resolve("entries").resolve(hex + ".json"));
                if (prev.isPresent()) {
                    if (hex.equals(key.digest().hex())) {
                        return "its cached layer " + prev.get().layer().digest().shortHex()
                                + " was garbage-collected from the store";
                    }
                    return diff(prev.get().inputs(), key.inputs());
                }
            }
            Path parent = key.parent() == null ? null : dir.resolve("parents").resolve(key.parent().hex());
            if (parent != null && Files.isDirectory(parent)) {
                try (Stream<Path> s = Files.list(parent)) {
                    List<String> others = new ArrayList<>();
                    for (Path p : s.toList()) {
                        others.add(Files.readString(p));
                    }
                    if (!others.isEmpty()) {
                        return "the instruction changed (cached after the same parent: "
                                + String.join(" | ", new TreeSet<>(others)) + ")";
                    }
                }
            }
        } catch (IOException e) {
            return "cache unreadable: " + e.getMessage();
        }
        return "no cache for this step after its parent (first build of it)";
    }

    static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            String a = before.get(k);
            String b = after.get(k);
            if (a != null && a.equals(b)) {
                continue;
            }
            String what = k.startsWith("file:") ? "file " + k.substring(5) : k.startsWith("arg:") ? "ARG "
                    + k.substring(4) : k;
            if (a == null) {
                out.add(what + " added");
            } else if (b == null) {
                out.add(what + " removed");
            } else if (k.startsWith("arg:")) {
                out.add(what + " changed: \"" + a + "\" -> \"" + b + "\"");
            } else {
                out.add(what + " changed");
            }
            if (out.size() == 10) {
                out.add("...");
                break;
            }
        }
        return out.isEmpty() ? "inputs identical but entry missing" : String.join(", ", out);
    }

    /** Deletes every entry; returns how many were removed. */
    public int prune() {
        int n = 0;
        Path entries = dir.resolve("entries");
        if (Files.isDirectory(entries)) {
            try (Stream<Path> s = Files.list(entries)) {
                n = (int) s.count();
            } catch (IOException e) {
                throw new JrunException("list " + entries + ": " + e.getMessage(), e);
            }
        }
        FileTrees.delete(dir);
        return n;
    }
}
