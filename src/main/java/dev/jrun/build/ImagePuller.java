package dev.jrun.build;

import dev.jrun.image.Platform;
import dev.jrun.store.Image;

/**
 * Fetches an image the build needs (FROM, COPY --from) from its registry into the store; wired by
 * the CLI to the registry client, so the builder does not depend on the network code.
 */
@FunctionalInterface
public interface ImagePuller {
    /** Pulls {@code reference} for {@code platform} and returns it as stored. */
    Image pull(String reference, Platform platform);

    /** No registry: a missing image is an error that says how to get it. */
    ImagePuller NONE = (reference, platform) -> {
        throw new dev.jrun.JrunException("image " + reference + " is not in the store and this build cannot pull");
    };
}
