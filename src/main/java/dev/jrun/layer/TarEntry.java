package dev.jrun.layer;

import java.util.Map;

/**
 * One member of a layer tar as {@link TarReader} reports it, after GNU long names and pax headers
 * were applied. {@code size} is the length of the content {@link TarReader} returns (for a sparse
 * file: its expanded length); {@code mtimeNanos} is clamped to about +-285 years around 1970.
 *
 * @param type    what the entry makes; {@link Type#OTHER} for tar types the unpacker does not know
 * @param flag    the raw type flag byte, for messages
 * @param xattrs  SCHILY.xattr.* pax records, name without the prefix; empty when none
 */
record TarEntry(String name, String linkName, Type type, byte flag, int mode, long uid, long gid, long size,
                long mtimeNanos, int devMajor, int devMinor, Map<String, String> xattrs) {

    /** Kinds of tar member. */
    enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, OTHER }

    TarEntry {
        xattrs = xattrs.isEmpty() ? Map.of() : Map.copyOf(xattrs);
    }

    boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    boolean isDevice() {
        return type == Type.CHAR_DEVICE || type == Type.BLOCK_DEVICE || type == Type.FIFO;
    }
}
