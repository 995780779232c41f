package dev.jrun.layer;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the members of a tar stream: ustar, GNU (long names and links) and pax (local and global
 * headers, xattrs), the formats layer tars use. The content of the current entry is read with
 * {@link #read}; {@link #next()} skips what is left of it.
 *
 * <p>Why not commons-compress's TarArchiveInputStream, which the unpacker used first: per entry it
 * allocates two 8 KB skip buffers, a 512-byte record, a TarArchiveEntry of ~40 fields and a pax
 * map, and its header code is big enough that C2 spends a good part of a short unpack compiling
 * it. For a 176 MB layer of 33k files that was 540 MB of garbage and about a quarter of the unpack's
 * CPU (see scripts/bench/unpack). This reader allocates the entry and its strings, nothing else.
 * commons-compress stays the reference: TarReaderTest reads many generated archives with both and
 * compares every field and every byte.
 *
 * <p>Sparse files (GNU 'S' and pax GNU.sparse.*) are refused with a clear error: layer tars do not
 * use them (docker's and Go's tar writers never write them).
 */
final class TarReader {
    private static final int BLOCK = 512;
    /** Largest GNU long name or pax header accepted: a layer that claims more is broken or hostile. */
    static final int MAX_HEADER_DATA = 1 << 20;
    private static final String XATTR = "SCHILY.xattr.";

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private final Map<String, String> globalPax = new HashMap<>();
    /** Content bytes of the current entry not yet read, and the padding that follows them. */
    private long remaining;
    private long padding;
    private String current = "";
    private boolean ended;

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, positioned at its content; null at the end of the archive. */
    TarEntry next() throws IOException {
        if (ended) {
            return null;
        }
        skipContent();
        String longName = null;
        String longLink = null;
        Map<String, String> pax = null;
        while (true) {
            if (!readBlock()) {
                ended = true; // the stream ended at a block boundary without the two zero blocks
                return null;
            }
            if (isZero(header)) {
                ended = true;
                return null;
            }
            checkChecksum();
            byte flag = header[156];
            long size = number(124, 12, "size");
            if (size < 0) {
                throw new IOException("corrupt tar header after '" + current + "': negative size " + size);
            }
            switch (flag) {
                case 'L' -> longName = nulTrimmed(meta(size, "GNU long name"));
                case 'K' -> longLink = nulTrimmed(meta(size, "GNU long link name"));
                case 'x', 'X' -> pax = parsePax(meta(size, "pax header"), pax == null ? new HashMap<>() : pax);
                case 'g' -> parsePax(meta(size, "global pax header"), globalPax);
                default -> {
                    return entry(flag, size, longName, longLink, pax);
                }
            }
        }
    }

    /** Reads content of the current entry; -1 at its end. */
    int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("truncated tar: content of '" + current + "' ends early");
        }
        remaining -= n;
        return n;
    }

    /** Fills b with content of the current entry. */
    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = read(b, off, len);
            if (n < 0) {
                throw new EOFException("truncated tar: content of '" + current + "' ends early");
            }
            off += n;
            len -= n;
        }
    }

    private TarEntry entry(byte flag, long size, String longName, String longLink, Map<String, String> local)
            throws IOException {
        boolean posix = startsWith(257, "ustar\0");
        boolean gnu = startsWith(257, "ustar ");
        String name = longName != null ? longName : string(0, 100);
        if (posix) {
            // star's variant keeps 131 bytes of prefix and "tar\0" at the end of the block
            String prefix = startsWith(508, "tar\0") ? string(345, 131) : string(345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        String link = longLink != null ? longLink : string(157, 100);
        int mode = (int) number(100, 8, "mode");
        long uid = number(108, 8, "uid");
        long gid = number(116, 8, "gid");
        long mtime = clampSeconds(number(136, 12, "mtime")) * 1_000_000_000L;
        boolean device = flag == '3' || flag == '4';
        int major = device && (posix || gnu) ? (int) number(329, 8, "devmajor") : 0;
        int minor = device && (posix || gnu) ? (int) number(337, 8, "devminor") : 0;
        Map<String, String> xattrs = Map.of();
        Map<String, String> pax = merged(local);
        if (pax != null) {
            boolean sparse = false;
            Map<String, String> found = null;
            for (Map.Entry<String, String> h : pax.entrySet()) {
                String key = h.getKey();
                String value = h.getValue();
                try {
                    switch (key) {
                        case "path" -> name = value;
                        case "linkpath" -> link = value;
                        case "size" -> size = Long.parseLong(value);
                        case "uid" -> uid = Long.parseLong(value);
                        case "gid" -> gid = Long.parseLong(value);
                        case "mtime" -> mtime = paxTime(value);
                        case "SCHILY.devmajor" -> major = Integer.parseInt(value);
                        case "SCHILY.devminor" -> minor = Integer.parseInt(value);
                        default -> {
                            if (key.startsWith(XATTR)) {
                                if (found == null) {
                                    found = new HashMap<>();
                                }
                                found.put(key.substring(XATTR.length()), value);
                            } else if (key.startsWith("GNU.sparse.")) {
                                sparse = true;
                            }
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IOException("corrupt pax header of '" + name + "': " + key + "=" + value + " is not a number");
                }
            }
            if (size < 0) {
                throw new IOException("corrupt pax header of '" + name + "': negative size " + size);
            }
            if (sparse) {
                throw new IOException("sparse file '" + name + "' (pax GNU.sparse): not supported in layers");
            }
            if (found != null) {
                xattrs = found;
            }
        }
        if (flag == 'S') {
            throw new IOException("sparse file '" + name + "' (GNU 'S' entry): not supported in layers");
        }
        current = name;
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return new TarEntry(name, link, type(flag, name), flag, mode, uid, gid, size, mtime, major, minor, xattrs);
    }

    /** commons-compress's reading: a name ending in "/" is a directory whatever the type flag says. */
    private static TarEntry.Type type(byte flag, String name) {
        if (flag == '5' || name.endsWith("/")) {
            return TarEntry.Type.DIRECTORY;
        }
        return switch (flag) {
            case '0', 0, '7' -> TarEntry.Type.FILE;
            case '1' -> TarEntry.Type.HARDLINK;
            case '2' -> TarEntry.Type.SYMLINK;
            case '3' -> TarEntry.Type.CHAR_DEVICE;
            case '4' -> TarEntry.Type.BLOCK_DEVICE;
            case '6' -> TarEntry.Type.FIFO;
            default -> TarEntry.Type.OTHER;
        };
    }

    private Map<String, String> merged(Map<String, String> local) {
        if (globalPax.isEmpty()) {
            return local;
        }
        Map<String, String> all = new HashMap<>(globalPax);
        if (local != null) {
            all.putAll(local);
        }
        return all;
    }

    /** Skips the rest of the current entry's content and its padding. */
    private void skipContent() throws IOException {
        long content = remaining;
        remaining = 0;
        if (skip(content) < content) {
            throw new EOFException("truncated tar: content of '" + current + "' ends early");
        }
        skip(padding); // the archive may end right after the last content byte
        padding = 0;
    }

    private long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            long s = in.skip(n - done);
            if (s <= 0) {
                if (in.read() < 0) {
                    break;
                }
                s = 1;
            }
            done += s;
        }
        return done;
    }

    private boolean readBlock() throws IOException {
        int n = 0;
        int r;
        while (n < BLOCK && (r = in.read(header, n, BLOCK - n)) > 0) { // not readNBytes: a big C2 compile
            n += r;
        }
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("truncated tar: header after '" + current + "' has " + n + " of 512 bytes");
        }
        return true;
    }

    /** The content of a GNU long name or pax entry, with its padding consumed. */
    private byte[] meta(long size, String what) throws IOException {
        if (size > MAX_HEADER_DATA) {
            throw new IOException(what + " after '" + current + "' claims " + size + " bytes (at most "
                    + MAX_HEADER_DATA + " accepted)");
        }
        byte[] data = new byte[(int) size];
        if (in.readNBytes(data, 0, data.length) < data.length) {
            throw new EOFException("truncated tar: " + what + " after '" + current + "' ends early");
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private static String nulTrimmed(byte[] data) {
        int n = data.length;
        while (n > 0 && data[n - 1] == 0) {
            n--;
        }
        return new String(data, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Records "LEN key=value\n", LEN counting the whole record; an empty value removes the key (pax
     * says it undoes a global value).
     */
    private Map<String, String> parsePax(byte[] data, Map<String, String> into) throws IOException {
        int pos = 0;
        while (pos < data.length) {
            if (data[pos] == 0) {
                break; // some writers pad the header with NULs
            }
            int len = 0;
            int i = pos;
            while (i < data.length && data[i] >= '0' && data[i] <= '9' && len < MAX_HEADER_DATA) {
                len = len * 10 + (data[i++] - '0');
            }
            if (i >= data.length || data[i] != ' ' || len <= i - pos + 1 || pos + len > data.length
                    || data[pos + len - 1] != '\n') {
                throw new IOException("corrupt pax header before '" + current + "' at byte " + pos);
            }
            int eq = i + 1;
            while (eq < pos + len - 1 && data[eq] != '=') {
                eq++;
            }
            if (eq >= pos + len - 1 || eq == i + 1) {
                throw new IOException("corrupt pax header before '" + current + "': record without key=value at byte " + pos);
            }
            String key = new String(data, i + 1, eq - i - 1, StandardCharsets.UTF_8);
            String value = new String(data, eq + 1, pos + len - 1 - eq - 1, StandardCharsets.UTF_8);
            if (value.isEmpty()) {
                into.remove(key);
            } else {
                into.put(key, value);
            }
            pos += len;
        }
        return into;
    }

    /** "1700000000.123456789" (pax allows a fraction and a sign) to clamped nanoseconds. */
    private static long paxTime(String value) {
        BigDecimal t = new BigDecimal(value);
        long seconds = clampSeconds(t.setScale(0, java.math.RoundingMode.FLOOR).longValue());
        long nanos = t.subtract(BigDecimal.valueOf(t.setScale(0, java.math.RoundingMode.FLOOR).longValue()))
                .movePointRight(9).setScale(0, java.math.RoundingMode.FLOOR).longValue();
        return seconds * 1_000_000_000L + nanos;
    }

    private static long clampSeconds(long s) {
        return Math.max(-9_000_000_000L, Math.min(9_000_000_000L, s));
    }

    private void checkChecksum() throws IOException {
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i >= 148 && i < 156 ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("corrupt tar header after '" + current + "': checksum " + stored + ", computed "
                    + unsigned);
        }
    }

    /** Octal (NUL or space terminated, leading spaces allowed) or GNU base-256 (high bit set). */
    private long number(int off, int len, String field) throws IOException {
        byte first = header[off];
        if ((first & 0x80) != 0) {
            boolean negative = first == (byte) 0xff;
            if (len > 8) { // size and mtime: the value must fit in a long
                boolean fits = first == (byte) 0x80 || negative;
                for (int i = off + 1; i < off + len - 8 && fits; i++) {
                    fits = header[i] == (negative ? (byte) 0xff : 0);
                }
                if (!fits || (header[off + len - 8] & 0x80) != (negative ? 0x80 : 0)) {
                    throw new IOException("corrupt tar header after '" + current + "': " + field + " out of range");
                }
            }
            long v = negative ? -1 : first & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (header[i] & 0xff);
            }
            return v;
        }
        int i = off;
        int end = off + len;
        while (i < end && header[i] == ' ') {
            i++;
        }
        long v = 0;
        for (; i < end; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                break;
            }
            if (b < '0' || b > '7') {
                throw new IOException("corrupt tar header after '" + current + "': " + field + " field is not octal");
            }
            v = (v << 3) | (b - '0');
        }
        for (; i < end; i++) { // only terminators may follow the digits
            if (header[i] != 0 && header[i] != ' ') {
                throw new IOException("corrupt tar header after '" + current + "': " + field + " field is not octal");
            }
        }
        return v;
    }

    /** A NUL-terminated UTF-8 field. */
    private String string(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) {
            end++;
        }
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    private boolean startsWith(int off, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (header[off + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
