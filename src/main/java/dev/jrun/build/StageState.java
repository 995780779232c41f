package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.dockerfile.EnvGetter;
import dev.jrun.dockerfile.Stage;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.store.BlobStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * The state of one stage while it is built: the image so far (config, layers, history), the cache
 * key of the last step, the ARGs declared in the stage, and, only when a step needs to look at
 * files, the merged filesystem of its layers.
 */
public final class StageState {
    final Stage stage;
    ImageConfig image;
    ImageConfig.ContainerConfig config;
    final List<Descriptor> layers = new ArrayList<>();
    final List<Digest> diffIds = new ArrayList<>();
    final List<ImageConfig.History> history = new ArrayList<>();
    int baseLayers;
    int baseHistory;
    Digest key;
    /** Declared ARGs in order; a null value means declared without a value. */
    final Map<String, String> args = new LinkedHashMap<>();
    boolean missed;
    /** True once this stage set CMD itself (then ENTRYPOINT keeps it). */
    boolean stageSetCmd;
    String author;
    private FsTree fs;
    private static final java.util.concurrent.atomic.AtomicInteger EXTRACTED = new java.util.concurrent.atomic.AtomicInteger();
    private int fsApplied;

    StageState(Stage stage) {
        this.stage = stage;
    }

    /** ENV first, then declared ARGs: what $VAR means in this stage's instructions. */
    public EnvGetter env() {
        Map<String, String> envMap = envMap();
        return name -> envMap.containsKey(name) ? envMap.get(name) : args.get(name);
    }

    Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (config.env() != null) {
            for (String e : config.env()) {
                int eq = e.indexOf('=');
                m.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        return m;
    }

    /** The working directory, "/" when unset. */
    String workdir() {
        String w = config.workingDir();
        return w == null || w.isEmpty() ? "/" : w;
    }

    /** The shell for shell forms: SHELL, else /bin/sh -c. */
    List<String> shell() {
        return config.shell() != null && !config.shell().isEmpty() ? config.shell() : List.of("/bin/sh", "-c");
    }

    void addLayer(Descriptor d, Digest diffId) {
        layers.add(d);
        diffIds.add(diffId);
    }

    /**
     * The merged filesystem of all layers so far, built on first use and kept up to date: from each
     * layer's {@link LayerIndex} in {@code indexes} (keyed by diffID), made from the layer tar the
     * first time; file contents are read from the tars only when a step asks for them.
     */
    FsTree fs(BlobStore blobs, java.util.function.Function<Digest, java.nio.file.Path> indexes,
            java.util.function.Supplier<java.nio.file.Path> scratch) {
        if (fs == null) {
            fs = new FsTree(scratch.get(), false);
        }
        for (; fsApplied < layers.size(); fsApplied++) {
            Descriptor d = layers.get(fsApplied);
            java.nio.file.Path index = indexes.apply(diffIds.get(fsApplied));
            List<LayerIndex.Change> changes = LayerIndex.read(index).orElse(null);
            if (changes == null) {
                try (InputStream in = uncompressed(blobs.open(d.digest()))) {
                    changes = LayerIndex.scan(in);
                } catch (IOException e) {
                    throw new JrunException("read layer " + d.digest() + ": " + e.getMessage(), e);
                }
                LayerIndex.write(index, changes);
            }
            fs.apply(changes, fsApplied, (layer, paths, dir) -> extract(blobs, layers.get(layer), paths, dir));
        }
        return fs;
    }

    /** Copies the regular files {@code paths} out of a layer blob into new files under {@code dir}. */
    private static Map<String, java.nio.file.Path> extract(BlobStore blobs, Descriptor layer,
            java.util.Set<String> paths, java.nio.file.Path dir) {
        Map<String, java.nio.file.Path> out = new java.util.HashMap<>();
        try (InputStream in = uncompressed(blobs.open(layer.digest()));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(in)) {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                LayerIndex.Change c = LayerIndex.change(e);
                if (c == null || c.op() != LayerIndex.Op.ENTRY || c.entry().kind() != FsEntry.Kind.FILE
                        || !paths.contains(c.path())) {
                    continue;
                }
                String p = c.path();
                java.nio.file.Path f = java.nio.file.Files.createFile(dir.resolve("extracted-" + EXTRACTED.incrementAndGet()));
                try (var o = java.nio.file.Files.newOutputStream(f)) {
                    tar.transferTo(o);
                }
                out.put(p, f); // a later copy of the same path in the tar wins, as in the index
            }
        } catch (IOException e) {
            throw new JrunException("read layer " + layer.digest() + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A layer or archive stream decompressed by its magic bytes (gzip, bzip2, xz, zstd) or as is. */
    static InputStream uncompressed(InputStream raw) throws IOException {
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            String kind = CompressorStreamFactory.detect(in);
            return new CompressorStreamFactory(true).createCompressorInputStream(kind, in);
        } catch (CompressorException e) {
            return in; // not compressed
        } catch (NoClassDefFoundError e) {
            throw new IOException("this compression needs a library jrun does not bundle: " + e.getMessage(), e);
        }
    }

    ImageConfig.History lastHistory() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }
}
