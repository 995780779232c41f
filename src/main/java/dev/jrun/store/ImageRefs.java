package dev.jrun.store;

import dev.jrun.image.ImageReference;
import java.util.List;

/** Docker's rules for dropping a name from an image (daemon/images/image_delete.go), as pure functions. */
final class ImageRefs {
    private ImageRefs() {
    }

    /** True if ref is a digest reference (repo@sha256:...) rather than a tag. */
    static boolean isDigestRef(ImageReference ref) {
        return ref.digest() != null;
    }

    /**
     * How many names the image keeps after ref goes: a digest reference goes alone; a tag takes the
     * repository's digest references with it when it was the repository's last tag.
     */
    static int remaining(List<ImageReference> tags, List<ImageReference> repoDigests, ImageReference ref) {
        if (isDigestRef(ref)) {
            return tags.size() + (int) repoDigests.stream().filter(r -> !r.equals(ref)).count();
        }
        List<ImageReference> otherTags = tags.stream().filter(t -> !t.equals(ref)).toList();
        return otherTags.size() + (int) repoDigests.stream().filter(d -> keepsDigest(otherTags, ref, d)).count();
    }

    /** Whether digest reference d survives the removal of tag removed, given the tags left. */
    static boolean keepsDigest(List<ImageReference> tagsLeft, ImageReference removed, ImageReference d) {
        return !d.name().equals(removed.name()) || tagsLeft.stream().anyMatch(t -> t.name().equals(d.name()));
    }
}
