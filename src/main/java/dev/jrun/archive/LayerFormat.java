package dev.jrun.archive;

import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import dev.jrun.image.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/** Compression of a layer blob, told from its first bytes. */
enum LayerFormat {
    TAR(MediaTypes.OCI_LAYER), GZIP(MediaTypes.OCI_LAYER_GZIP), ZSTD(MediaTypes.OCI_LAYER_ZSTD);

    final String mediaType;

    LayerFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    static LayerFormat sniff(InputStream in) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return TAR;
    }

    static LayerFormat ofMediaType(String mediaType) {
        if (MediaTypes.isGzipLayer(mediaType)) {
            return GZIP;
        }
        return MediaTypes.isZstdLayer(mediaType) ? ZSTD : TAR;
    }

    /** The uncompressed tar stream of a blob in this format. */
    InputStream decompress(InputStream in) throws IOException {
        InputStream b = new BufferedInputStream(in, 1 << 16);
        return switch (this) {
            case TAR -> b;
            case GZIP -> new GzipCompressorInputStream(b, true);
            case ZSTD -> new ZstdCompressorInputStream(b);
        };
    }

    /** sha256 of the uncompressed content: the layer's DiffID. */
    Digest diffId(InputStream blob, String what) {
        try (InputStream in = decompress(blob)) {
            return Digest.sha256(in);
        } catch (IOException | NoClassDefFoundError e) {
            throw new JrunException("decompress layer " + what + " (" + this + "): " + e.getMessage(), e);
        }
    }

    /** Copies the uncompressed content to out. */
    long copyUncompressed(InputStream blob, OutputStream out) throws IOException {
        try (InputStream in = decompress(blob)) {
            return in.transferTo(out);
        }
    }
}
