package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.image.ConfigChanges;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.layer.FileSystemOps;
import dev.jrun.layer.LayerDigests;
import dev.jrun.layer.UpperDiff;
import dev.jrun.runtime.Container;
import dev.jrun.store.BlobStore;
import dev.jrun.store.Image;
import dev.jrun.store.ImageStore;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jrun commit}: the container's writable layer becomes a new gzip layer (overlay whiteouts and
 * opaque dirs turned back into .wh. entries) on top of its image's layers, with a history entry.
 */
public final class ContainerCommitter {
    private final ImageStore images;
    private final FileSystemOps ops;

    ContainerCommitter(ImageStore images, FileSystemOps ops) {
        this.images = images;
        this.ops = ops;
    }

    /** The options of docker commit. */
    public record Options(ImageReference tag, List<String> changes, String message, String author) {
        public Options {
            changes = changes == null ? List.of() : List.copyOf(changes);
        }
    }

    public Image commit(Container c, Options o) {
        Image base = images.resolve(c.record().image());
        BlobStore blobs = images.blobs();
        try (StoreLock lease = images.lease()) {
            Path tmp = blobs.newTempFile("commit-");
            LayerDigests d;
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    d = new UpperDiff(ops).writeLayer(images.paths().containerUpper(c.id()), out, true);
                }
                try (InputStream in = Files.newInputStream(tmp)) {
                    blobs.put(in, Digest.parse(d.digest()), "commit of container " + c.name());
                }
            } catch (IOException e) {
                throw new JrunException("commit container " + c.name() + ": " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the tmp cleaner removes it later
                }
            }
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            ImageConfig cfg = base.config().withCreated(now)
                    .withConfig(ConfigChanges.apply(base.config().configOrEmpty(), o.changes()))
                    .withLayer(Digest.parse(d.diffId()), new ImageConfig.History(now, c.record().command(),
                            o.author(), o.message(), null));
            byte[] cfgBytes = Json.bytes(cfg);
            BlobStore.Blob cfgBlob = blobs.put(cfgBytes);
            List<Descriptor> layers = new ArrayList<>(base.manifest().layers());
            layers.add(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.parse(d.digest()), d.size()));
            Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, cfgBlob.digest(), cfgBlob.size()), layers);
            Digest md = blobs.put(Json.bytes(m)).digest();
            return images.register(md, o.tag() == null ? List.of() : List.of(o.tag()));
        }
    }
}
