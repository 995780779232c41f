package dev.jrun.embed;

import java.util.List;

/**
 * An image in the store.
 *
 * @param id      the image id ({@code sha256:...} of its config), as {@code jrun images --no-trunc} shows it
 * @param tags    its names in familiar form ({@code busybox:latest}); empty for an untagged image
 * @param size    the size of its layers in bytes
 * @param created when it was built (RFC 3339), or null if the image does not say
 */
public record ImageInfo(String id, List<String> tags, long size, String created) {
    /** Copies the tags. */
    public ImageInfo {
        tags = List.copyOf(tags);
    }
}
