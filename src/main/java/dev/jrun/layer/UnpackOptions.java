package dev.jrun.layer;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to unpack a layer.
 *
 * @param whiteouts what whiteout entries become
 * @param keepOwners chown entries to their numeric uid/gid (needs root)
 * @param warnings receives one line per entry skipped or partly applied (device node as non-root...)
 * @param expectedDigest "sha256:..." the blob (compressed bytes) must have, or null not to check
 */
public record UnpackOptions(WhiteoutMode whiteouts, boolean keepOwners, Consumer<String> warnings,
                            String expectedDigest) {
    public UnpackOptions {
        Objects.requireNonNull(whiteouts, "whiteouts");
        Objects.requireNonNull(warnings, "warnings");
        if (expectedDigest != null && !expectedDigest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("expected digest must be sha256:<64 hex>, got " + expectedDigest);
        }
    }

    /** For an overlay lower dir: overlay whiteouts, owners kept when privileged, warnings dropped. */
    public static UnpackOptions overlay(boolean privileged) {
        return new UnpackOptions(privileged ? WhiteoutMode.OVERLAY : WhiteoutMode.OVERLAY_USERXATTR,
                privileged, w -> { }, null);
    }

    /** For flattening into a plain directory: whiteouts delete. */
    public static UnpackOptions flatten(boolean privileged) {
        return new UnpackOptions(WhiteoutMode.DELETE, privileged, w -> { }, null);
    }

    public UnpackOptions withWarnings(Consumer<String> sink) {
        return new UnpackOptions(whiteouts, keepOwners, sink, expectedDigest);
    }

    public UnpackOptions withExpectedDigest(String digest) {
        return new UnpackOptions(whiteouts, keepOwners, warnings, digest);
    }

    public UnpackOptions withKeepOwners(boolean keep) {
        return new UnpackOptions(whiteouts, keep, warnings, expectedDigest);
    }
}
