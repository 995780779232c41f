package dev.jrun.build;

import dev.jrun.JrunException;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.Json;
import dev.jrun.image.Manifest;
import dev.jrun.image.MediaTypes;
import dev.jrun.store.BlobStore;
import dev.jrun.store.Image;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the target stage as an image: config (created = the last history time, so a fully cached
 * rebuild gives the same image id; the --timestamp when given), manifest, registration with the tags.
 * With --squash the layers the build created are merged into one (whiteouts applied, deleted files
 * gone) on top of the base image's layers, and their history entries become empty ones followed by
 * the merged layer's entry.
 */
final class ImageAssembler {
    private ImageAssembler() {
    }

    static Image write(BuildSession b, StageState s) {
        List<Descriptor> layers = new ArrayList<>(s.layers);
        List<Digest> diffIds = new ArrayList<>(s.diffIds);
        List<ImageConfig.History> history = new ArrayList<>(s.history);
        if (b.options.squash() && s.layers.size() - s.baseLayers > 1) {
            LayerWriter.Layer merged = squash(b, s.layers.subList(s.baseLayers, s.layers.size()));
            layers = new ArrayList<>(s.layers.subList(0, s.baseLayers));
            diffIds = new ArrayList<>(s.diffIds.subList(0, s.baseLayers));
            layers.add(merged.descriptor());
            diffIds.add(merged.diffId());
            history = new ArrayList<>(s.history.subList(0, s.baseHistory));
            int created = 0;
            for (ImageConfig.History h : s.history.subList(s.baseHistory, s.history.size())) {
                created += h.isEmptyLayer() ? 0 : 1;
                history.add(new ImageConfig.History(h.created(), h.createdBy(), h.author(), h.comment(), true));
            }
            history.add(new ImageConfig.History(b.created(), "jrun build --squash", null,
                    "merged " + created + " layers", null));
        }
        ImageConfig.ContainerConfig cc = s.config;
        if (!b.options.labels().isEmpty()) {
            ConfigEditor e = new ConfigEditor(cc);
            b.options.labels().forEach(e::label);
            cc = e.build();
        }
        String created = b.clamp() != null ? b.created()
                : history.isEmpty() || history.get(history.size() - 1).created() == null ? b.created()
                : history.get(history.size() - 1).created();
        ImageConfig base = s.image;
        ImageConfig cfg = new ImageConfig(created, s.author, base.architecture(), base.os(), base.osVersion(),
                base.variant(), cc, ImageConfig.RootFs.layers(diffIds), history);
        BlobStore blobs = b.store.blobs();
        BlobStore.Blob cfgBlob = blobs.put(Json.bytes(cfg));
        Manifest m = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, cfgBlob.digest(), cfgBlob.size()), layers);
        Digest md = blobs.put(Json.bytes(m)).digest();
        java.util.Optional<Image> same = b.store.get(md);
        if (same.isPresent() && same.get().tags().containsAll(b.options.tags())) {
            return same.get(); // a fully cached rebuild: the index already says this, no rewrite
        }
        return b.store.register(md, b.options.tags());
    }

    private static LayerWriter.Layer squash(BuildSession b, List<Descriptor> created) {
        FsTree t = new FsTree(b.newScratchDir("squash"), true);
        for (Descriptor d : created) {
            try (InputStream in = StageState.uncompressed(b.store.blobs().open(d.digest()))) {
                t.apply(in, d.digest().toString());
            } catch (IOException e) {
                throw new JrunException("squash: read layer " + d.digest() + ": " + e.getMessage(), e);
            }
        }
        List<FsEntry> files = new ArrayList<>();
        for (FsEntry e : t.entries().values()) {
            files.add(e);
        }
        return LayerWriter.write(b.store.blobs(), files, t.whiteouts(), b.clamp());
    }
}
