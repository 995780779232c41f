package dev.jrun.layer;

/** Layer blob encodings recognised by their magic bytes. */
public enum Compression {
    NONE, GZIP, ZSTD;

    /** The encoding whose magic starts {@code head} (at least 4 bytes, fewer means NONE). */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }
}
