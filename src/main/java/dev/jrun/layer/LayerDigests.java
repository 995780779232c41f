package dev.jrun.layer;

/**
 * What writing a layer blob produced.
 *
 * @param diffId "sha256:..." of the uncompressed tar
 * @param digest "sha256:..." of the blob as written (equal to diffId when not compressed)
 * @param size bytes of the blob as written
 */
public record LayerDigests(String diffId, String digest, long size) {
}
