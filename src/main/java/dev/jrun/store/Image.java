package dev.jrun.store;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Manifest;
import java.util.List;

/**
 * An image in the store: its manifest, its config, the tags that name it and its repository digests
 * ({@code registry/repo@sha256:...}, recorded when it was pulled from or pushed to a registry, as docker's
 * RepoDigests). Its id is the digest of its config, as docker's image id.
 */
public record Image(Digest manifestDigest, long manifestSize, Manifest manifest, ImageConfig config,
                    List<ImageReference> tags, List<ImageReference> repoDigests) {
    public Image {
        tags = List.copyOf(tags);
        repoDigests = List.copyOf(repoDigests);
    }

    /** An image known by its tags alone (built, loaded, or not yet registered). */
    public Image(Digest manifestDigest, long manifestSize, Manifest manifest, ImageConfig config,
                 List<ImageReference> tags) {
        this(manifestDigest, manifestSize, manifest, config, tags, List.of());
    }

    /**
     * True if removing ref leaves the image without any name. As docker, removing a repository's last tag
     * also drops that repository's digest references.
     */
    public boolean lastReference(ImageReference ref) {
        return ImageRefs.remaining(tags, repoDigests, ref) == 0;
    }

    /** The repository digest recorded for this repository name (registry/repo), if any. */
    public java.util.Optional<ImageReference> repoDigest(String name) {
        return repoDigests.stream().filter(r -> r.name().equals(name)).findFirst();
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
        // a loop, not a stream: push and pull call it and otherwise run no lambda (see registry.Pusher)
        List<Digest> digests = new java.util.ArrayList<>(manifest.layers().size());
        for (Descriptor d : manifest.layers()) {
            digests.add(d.digest());
        }
        return java.util.Collections.unmodifiableList(digests);
    }

    public String familiarTag() {
        return tags.isEmpty() ? "<none>:<none>" : tags.get(0).familiar();
    }
}
