package dev.jrun.layer;

/**
 * What unpacking a layer blob measured while streaming it.
 *
 * @param diffId "sha256:..." of the uncompressed tar (the image config's rootfs.diff_ids entry)
 * @param digest "sha256:..." of the blob as read (the manifest's layer digest)
 * @param compressedSize bytes of the blob as read
 * @param uncompressedSize bytes of the tar
 * @param compression what the magic bytes said the blob was
 * @param entries tar entries processed
 */
public record UnpackResult(String diffId, String digest, long compressedSize, long uncompressedSize,
                           Compression compression, long entries) {
}
