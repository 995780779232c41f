package dev.jrun.store;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import java.util.List;

/**
 * An image in the store: its manifest, its config and the tags that name it. Its id is the digest of
 * its config, as docker's image id.
 */
public record Image(Digest manifestDigest, long manifestSize, Manifest manifest, ImageConfig config,
                    List<ImageReference> tags) {
    public Image {
        tags = List.copyOf(tags);
    }

    public Digest id() {
        return manifest.config().digest();
    }

    /** Bytes of the layers as stored (compressed where the blob is) plus the config. */
    public long size() {
        long sum = manifest.config().size();
        for (var l : manifest.layers()) {
            sum += l.size();
        }
        return sum;
    }

    public List<Digest> layerDigests() {
        return manifest.layers().stream().map(d -> d.digest()).toList();
    }

    public String familiarTag() {
        return tags.isEmpty() ? "<none>:<none>" : tags.get(0).familiar();
    }
}
