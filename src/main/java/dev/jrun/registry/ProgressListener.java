package dev.jrun.registry;

import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;

/** What a pull or push reports about each layer; every method may be called from several threads. */
public interface ProgressListener {
    ProgressListener NONE = new ProgressListener() {
    };

    /** The reference resolved to this manifest digest. */
    default void resolved(ImageReference ref, Digest manifestDigest) {
    }

    /** The blob is already there (in the store for a pull, in the registry for a push). */
    default void exists(Descriptor layer) {
    }

    /** The blob was waiting for a transfer slot and now starts. */
    default void started(Descriptor layer) {
    }

    default void progress(Descriptor layer, long done, long total) {
    }

    /** The blob was transferred and verified. */
    default void finished(Descriptor layer) {
    }

    /** The registry linked the blob from another repository instead of receiving it. */
    default void mounted(Descriptor layer, String fromRepository) {
    }
}
