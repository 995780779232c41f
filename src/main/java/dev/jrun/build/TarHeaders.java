package dev.jrun.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSIX (ustar + pax) tar headers for the builder's layers, written by hand: commons-compress's writer
 * initializes commons-io's FileTimes and with it java.math.BigDecimal, ~20 ms of every build that writes a
 * layer. Names, link names, ids, sizes and times that do not fit ustar's fields go into a pax extended
 * header, as commons-compress's POSIX modes did; no user or group names; entries as given.
 */
final class TarHeaders {
    static final byte REGULAR = '0';
    static final byte HARDLINK = '1';
    static final byte SYMLINK = '2';
    static final byte CHAR = '3';
    static final byte BLOCK = '4';
    static final byte DIR = '5';
    static final byte FIFO = '6';
    private static final byte PAX = 'x';
    private static final long MAX_OCTAL_7 = 07777777L;
    private static final long MAX_OCTAL_11 = 077777777777L;

    private TarHeaders() {
    }

    /**
     * Writes the header(s) of one entry; the caller writes {@code size} bytes of content and then
     * {@link #pad}.
     */
    static void write(OutputStream out, String name, byte type, int mode, long uid, long gid, long size,
            long mtimeSeconds, String link, int devMajor, int devMinor) throws IOException {
        Map<String, String> pax = new LinkedHashMap<>();
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link == null ? new byte[0] : link.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100 || !ascii(nameBytes)) {
            pax.put("path", name);
        }
        if (linkBytes.length > 100 || !ascii(linkBytes)) {
            pax.put("linkpath", link);
        }
        if (uid < 0 || uid > MAX_OCTAL_7) {
            pax.put("uid", Long.toString(uid));
        }
        if (gid < 0 || gid > MAX_OCTAL_7) {
            pax.put("gid", Long.toString(gid));
        }
        if (size > MAX_OCTAL_11) {
            pax.put("size", Long.toString(size));
        }
        if (mtimeSeconds < 0 || mtimeSeconds > MAX_OCTAL_11) {
            pax.put("mtime", Long.toString(mtimeSeconds));
        }
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            String paxName = "PaxHeaders.0/" + asciiPrefix(name, 80);
            out.write(header(paxName, PAX, 0644, 0, 0, records.length, 0, "", 0, 0));
            out.write(records);
            pad(out, records.length);
        }
        out.write(header(pax.containsKey("path") ? asciiPrefix(name, 100) : name, type, mode,
                pax.containsKey("uid") ? 0 : uid, pax.containsKey("gid") ? 0 : gid, pax.containsKey("size") ? 0 : size,
                pax.containsKey("mtime") ? 0 : mtimeSeconds, pax.containsKey("linkpath") ? asciiPrefix(link, 100)
                        : link == null ? "" : link, devMajor, devMinor));
    }

    /** Zeros up to the next 512-byte boundary after {@code size} content bytes. */
    static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }

    /** The end-of-archive marker: two zero records. */
    static void finish(OutputStream out) throws IOException {
        out.write(new byte[1024]);
    }

    private static byte[] header(String name, byte type, int mode, long uid, long gid, long size, long mtime,
            String link, int devMajor, int devMinor) {
        byte[] h = new byte[512];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode & 07777);
        octal(h, 108, 8, uid);
        octal(h, 116, 8, gid);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        h[263] = '0';
        h[264] = '0';
        octal(h, 329, 8, devMajor);
        octal(h, 337, 8, devMinor);
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then the space already there
        return h;
    }

    /** {@code len - 1} zero-padded octal digits and a NUL. */
    private static void octal(byte[] h, int off, int len, long v) {
        String s = Long.toOctalString(v);
        int digits = len - 1;
        for (int i = 0; i < digits; i++) {
            int from = i - (digits - s.length());
            h[off + i] = (byte) (from < 0 ? '0' : s.charAt(from));
        }
        h[off + digits] = 0;
    }

    private static void put(byte[] h, int off, int len, byte[] b) {
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x == 0x7f) {
                return false; // negative bytes are non-ASCII UTF-8
            }
        }
        return true;
    }

    /** At most {@code max} ASCII characters of s (others as '_'), for the placeholder ustar fields. */
    private static String asciiPrefix(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '_');
        }
        return b.toString();
    }

    /** Pax records {@code "<len> <key>=<value>\n"}, the length counting itself. */
    private static byte[] paxRecords(Map<String, String> pax) {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String> e : pax.entrySet()) {
            int body = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
            int len = body + Integer.toString(body).length();
            if (Integer.toString(len).length() != Integer.toString(body).length()) {
                len++;
            }
            all.append(len).append(' ').append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }
}
