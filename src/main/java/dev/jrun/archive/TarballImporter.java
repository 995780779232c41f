package dev.jrun.archive;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.image.Platform;
import dev.jrun.store.BlobStore.Blob;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** {@code jrun import}: a rootfs tarball (plain, gzip or zstd) becomes a one-layer image. */
public final class TarballImporter {
    private final ImageStore store;

    public TarballImporter(ImageStore store) {
        this.store = store;
    }

    /**
     * Imports the tarball, tagging it {@code tag} when not null.
     *
     * @param config the container config to give the image (Env, Cmd...), or null for none
     */
    public Image importTarball(InputStream raw, String source, ImageReference tag, ImageConfig.ContainerConfig config,
                               String message) {
        try (StoreLock lease = store.lease()) {
            Path staged = store.blobs().newTempFile("import-");
            try {
                Blob blob;
                try (InputStream in = new BufferedInputStream(raw, 1 << 16)) {
                    blob = store.blobs().stage(in, stagedNew(staged));
                }
                LayerFormat fmt;
                Digest diffId;
                try (InputStream in = Files.newInputStream(staged)) {
                    fmt = LayerFormat.sniff(in);
                }
                checkTar(staged, fmt, source);
                try (InputStream in = Files.newInputStream(staged)) {
                    diffId = fmt == LayerFormat.TAR ? blob.digest() : fmt.diffId(in, source);
                }
                store.blobs().adopt(staged, blob.digest());
                String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                Platform host = Platform.host();
                ImageConfig cfg = new ImageConfig(now, null, host.architecture(), host.os(), null, null,
                        config, ImageConfig.RootFs.layers(List.of()), List.of())
                        .withLayer(diffId, new ImageConfig.History(now, "jrun import " + source, null,
                                message != null ? message : "Imported from " + source, null));
                byte[] cfgBytes = Json.bytes(cfg);
                Blob cfgBlob = store.blobs().put(cfgBytes);
                Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, cfgBlob.digest(), cfgBlob.size()),
                        List.of(Descriptor.of(fmt.mediaType, blob.digest(), blob.size())));
                Digest md = store.blobs().put(Json.bytes(m)).digest();
                return store.register(md, tag == null ? List.of() : List.of(tag));
            } catch (IOException e) {
                throw new JrunException("import " + source + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // the tmp cleaner removes it later
                }
            }
        }
    }

    private static Path stagedNew(Path placeholder) throws IOException {
        Files.delete(placeholder);
        return placeholder;
    }

    /** Reads every header so that a file that is not a tar, or a truncated one, is refused. */
    private static void checkTar(Path file, LayerFormat fmt, String source) {
        int entries = 0;
        try (InputStream in = fmt.decompress(Files.newInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            while (tar.getNextEntry() != null) {
                entries++;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new JrunException("import " + source + ": not a valid tar archive: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new JrunException("import " + source + ": the tarball is empty or not a tar archive");
        }
    }
}
