package dev.jrun.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TarReader against commons-compress, the reader it replaced: both read the same archives (random
 * ones written by commons-compress in every long-name and big-number mode, GNU tar's ustar, gnu and
 * posix formats, the unpacker's attack layers) and must report the same entries and bytes.
 */
class TarReaderTest {
    @TempDir
    Path tmp;

    /** What both readers must agree on, per entry. */
    record Seen(String name, String link, TarEntry.Type type, int mode, long uid, long gid, long size, long mtimeNanos,
                int major, int minor, Map<String, String> xattrs, String sha) {
    }

    static List<Seen> withCommons(byte[] tar) throws IOException {
        List<Seen> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                TarEntry.Type type = e.isDirectory() ? TarEntry.Type.DIRECTORY
                        : e.isSymbolicLink() ? TarEntry.Type.SYMLINK
                        : e.isLink() ? TarEntry.Type.HARDLINK
                        : e.isCharacterDevice() ? TarEntry.Type.CHAR_DEVICE
                        : e.isBlockDevice() ? TarEntry.Type.BLOCK_DEVICE
                        : e.isFIFO() ? TarEntry.Type.FIFO
                        : e.getLinkFlag() == '0' || e.getLinkFlag() == 0 || e.getLinkFlag() == '7' ? TarEntry.Type.FILE
                        : TarEntry.Type.OTHER;
                Map<String, String> xattrs = new HashMap<>();
                e.getExtraPaxHeaders().forEach((k, v) -> {
                    if (k.startsWith("SCHILY.xattr.")) {
                        xattrs.put(k.substring("SCHILY.xattr.".length()), v);
                    }
                });
                Instant t = e.getLastModifiedTime().toInstant();
                long seconds = Math.max(-9_000_000_000L, Math.min(9_000_000_000L, t.getEpochSecond())); // as TarEntry
                // commons-compress drops a leading "/" from pax and GNU long names only; the unpacker
                // drops it from every name, so both sides compare without it
                out.add(new Seen(e.getName().replaceFirst("^/+", ""), e.getLinkName(), type, e.getMode(), e.getLongUserId(), e.getLongGroupId(),
                        e.getSize(), seconds * 1_000_000_000L + t.getNano(), e.getDevMajor(), e.getDevMinor(),
                        xattrs, sha(in.readAllBytes())));
            }
        }
        return out;
    }

    static List<Seen> withTarReader(byte[] tar, boolean readContent) throws IOException {
        List<Seen> out = new ArrayList<>();
        TarReader in = new TarReader(new ByteArrayInputStream(tar));
        TarEntry e;
        while ((e = in.next()) != null) {
            String sha = null;
            if (readContent) {
                byte[] data = new byte[(int) e.size()];
                in.readFully(data, 0, data.length);
                assertEquals(-1, in.read(new byte[1], 0, 1), "content of " + e.name() + " ends at its size");
                sha = sha(data);
            }
            out.add(new Seen(e.name().replaceFirst("^/+", ""), e.linkName(), e.type(), e.mode(), e.uid(), e.gid(), e.size(), e.mtimeNanos(),
                    e.devMajor(), e.devMinor(), e.xattrs(), sha));
        }
        return out;
    }

    static void assertSame(byte[] tar, String what) throws IOException {
        List<Seen> expected = withCommons(tar);
        assertTrue(!expected.isEmpty(), what + ": the generated archive has entries");
        assertEquals(expected, withTarReader(tar, true), what);
        // next() without reading the content skips it (and its padding) correctly
        List<Seen> skipped = withTarReader(tar, false);
        assertEquals(expected.size(), skipped.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), skipped.get(i).name(), what);
        }
    }

    static String sha(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String[] PARTS = {"a", "usr", "lib", "x86_64-linux-gnu", "..", ".", "", "ü", "日本", "name with space",
        "d".repeat(40), "e".repeat(99), "f".repeat(101), "g".repeat(154), ".wh.gone", ".wh..wh..opq", "-", "ünïcødé-" + "x".repeat(60)};

    static String randomName(Random r) {
        StringBuilder b = new StringBuilder(r.nextInt(8) == 0 ? "/" : r.nextInt(8) == 0 ? "./" : "");
        int n = 1 + r.nextInt(r.nextInt(6) == 0 ? 12 : 4);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "/").append(PARTS[r.nextInt(PARTS.length)]);
        }
        if (b.isEmpty() || b.charAt(b.length() - 1) == '/') {
            b.append("n");
        }
        return b.toString();
    }

    /** A random archive written by commons-compress in the given long-name and big-number modes. */
    static byte[] randomArchive(Random r, int longFileMode, int bigNumberMode) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, "UTF-8")) {
            out.setLongFileMode(longFileMode);
            out.setBigNumberMode(bigNumberMode);
            out.setAddPaxHeadersForNonAsciiNames(r.nextBoolean());
            int entries = 1 + r.nextInt(30);
            for (int i = 0; i < entries; i++) {
                String name = randomName(r);
                int kind = r.nextInt(10);
                TarArchiveEntry e = switch (kind) {
                    case 0 -> new TarArchiveEntry(name + "/", TarConstants.LF_DIR, true);
                    case 1 -> new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
                    case 2 -> new TarArchiveEntry(name, TarConstants.LF_LINK, true);
                    case 3 -> new TarArchiveEntry(name, TarConstants.LF_CHR, true);
                    case 4 -> new TarArchiveEntry(name, TarConstants.LF_BLK, true);
                    case 5 -> new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
                    default -> new TarArchiveEntry(name, true);
                };
                if (kind == 1 || kind == 2) {
                    e.setLinkName(r.nextBoolean() ? randomName(r) : "../../" + randomName(r));
                }
                if (kind >= 3 && kind <= 5) {
                    e.setDevMajor(r.nextInt(300));
                    e.setDevMinor(r.nextInt(bigNumberMode == TarArchiveOutputStream.BIGNUMBER_ERROR ? 300 : 3_000_000));
                }
                e.setMode(r.nextInt(010000) | (kind == 0 ? 040000 : 0100000));
                boolean big = bigNumberMode != TarArchiveOutputStream.BIGNUMBER_ERROR && r.nextInt(4) == 0;
                e.setUserId(big ? 3_000_000 + r.nextInt(1 << 30) : r.nextInt(70000));
                e.setGroupId(big ? 3_000_000 + r.nextInt(1 << 30) : r.nextInt(70000));
                long seconds = big ? 10_000_000_000L + r.nextInt(1 << 30) : r.nextInt(2_000_000_000);
                e.setLastModifiedTime(FileTime.from(Instant.ofEpochSecond(seconds,
                        longFileMode == TarArchiveOutputStream.LONGFILE_POSIX && r.nextBoolean() ? r.nextInt(1_000_000_000) : 0)));
                if (r.nextInt(5) == 0) {
                    e.addPaxHeader("SCHILY.xattr.user.k" + r.nextInt(3), "v" + r.nextInt(1000) + "ü");
                }
                if (r.nextInt(8) == 0) {
                    e.addPaxHeader("comment", "anything " + r.nextInt());
                }
                byte[] data = new byte[0];
                if (kind >= 6) {
                    data = new byte[switch (r.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> r.nextInt(512);
                        case 2 -> 512 * (1 + r.nextInt(4));
                        default -> r.nextInt(100_000);
                    }];
                    r.nextBytes(data);
                    e.setSize(data.length);
                }
                out.putArchiveEntry(e);
                out.write(data);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void randomArchivesInEveryModeReadAsCommonsCompressReadsThem() throws IOException {
        Random r = new Random(20261127);
        int[] longModes = {TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.LONGFILE_POSIX};
        int[] bigModes = {TarArchiveOutputStream.BIGNUMBER_ERROR, TarArchiveOutputStream.BIGNUMBER_STAR,
            TarArchiveOutputStream.BIGNUMBER_POSIX};
        int archives = 0;
        for (int longMode : longModes) {
            for (int bigMode : bigModes) {
                for (int i = 0; i < 40; i++) {
                    assertSame(randomArchive(r, longMode, bigMode), "archive " + i + " long mode " + longMode
                            + " big-number mode " + bigMode);
                    archives++;
                }
            }
        }
        assertEquals(240, archives);
    }

    /** A tree with long paths, links, a fifo and odd modes, archived by GNU tar in each format. */
    @Test
    void gnuTarFormatsReadAsCommonsCompressReadsThem() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path split = Files.createDirectories(src.resolve("p/" + "q".repeat(90)));
        Files.writeString(split.resolve("file-in-ustar-prefix"), "prefix");
        Path deep = Files.createDirectories(src.resolve(("long-directory-name-" + "x".repeat(60) + "/").repeat(3) + "ü"));
        Files.writeString(deep.resolve("f".repeat(120)), "deep content");
        Files.write(src.resolve("big"), new byte[300_001]);
        Files.writeString(src.resolve("small"), "hi");
        Files.createSymbolicLink(src.resolve("abs-link"), Path.of("/etc/" + "t".repeat(150)));
        Files.createSymbolicLink(src.resolve("rel-link"), Path.of("../../outside"));
        Files.createLink(src.resolve("hard"), src.resolve("small"));
        Files.createLink(deep.resolve("h".repeat(110)), src.resolve("small"));
        run("mkfifo", src.resolve("fifo").toString());
        run("chmod", "4751", src.resolve("small").toString());
        run("touch", "-h", "-d", "2001-02-03 04:05:06.123456789", src.resolve("abs-link").toString());
        for (String format : List.of("ustar", "gnu", "posix", "oldgnu")) {
            if (format.equals("ustar") || format.equals("oldgnu")) {
                // ustar and oldgnu cannot hold names this long: archive only the short ones
                Path out = tmp.resolve(format + ".tar");
                run("tar", "--format=" + format, "-C", src.toString(), "-cf", out.toString(), "small", "big", "hard",
                        "rel-link", "fifo", "p");
                assertSame(Files.readAllBytes(out), format);
            } else {
                Path out = tmp.resolve(format + ".tar");
                run("tar", "--format=" + format, "-C", src.toString(), "-cf", out.toString(), ".");
                assertSame(Files.readAllBytes(out), format);
            }
        }
        // pax with xattrs, as docker and buildkit write them
        Files.getFileAttributeView(src.resolve("big"), java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .write("test", StandardCharsets.UTF_8.encode("value"));
        Path xattrs = tmp.resolve("xattrs.tar");
        run("tar", "--format=posix", "--xattrs", "--xattrs-include=*", "-C", src.toString(), "-cf", xattrs.toString(), "big");
        assertSame(Files.readAllBytes(xattrs), "posix --xattrs");
        assertEquals(Map.of("user.test", "value"), withTarReader(Files.readAllBytes(xattrs), true).get(0).xattrs());
    }

    @Test
    void globalPaxHeadersApplyToLaterEntries() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes, "UTF-8")) {
            TarArchiveEntry g = new TarArchiveEntry("pax_global_header", TarConstants.LF_PAX_GLOBAL_EXTENDED_HEADER, true);
            g.addPaxHeader("SCHILY.xattr.user.g", "glob");
            out.putArchiveEntry(g); // commons-compress writes the global header's records itself
            TarArchiveEntry f = new TarArchiveEntry("f", true);
            f.setSize(1);
            out.putArchiveEntry(f);
            out.write('x');
            out.closeArchiveEntry();
        }
        assertSame(bytes.toByteArray(), "global pax");
        assertEquals(Map.of("user.g", "glob"), withTarReader(bytes.toByteArray(), true).get(0).xattrs());
    }

    @Test
    void attackLayersOfTheSecurityTestReadAsCommonsCompressReadsThem() throws IOException {
        byte[][] layers = {
            TarBuilder.tar().file("../escape", "x").file("/abs/file", "x").bytes(),
            TarBuilder.tar().symlink("link", "../outside").file("link/pwned", "x").bytes(),
            TarBuilder.tar().symlink("abs", "/").hardlink("h", "../../etc/passwd").bytes(),
            TarBuilder.tar().file("x".repeat(300), "long").file(("d".repeat(200) + "/").repeat(25) + "f", "deep").bytes(),
            TarBuilder.tar().file("dup", "one").file("dup", "two").dir("dup").bytes(),
            TarBuilder.tar().file("nul\0name", "x").bytes(),
        };
        for (int i = 0; i < layers.length; i++) {
            assertSame(layers[i], "attack layer " + i);
        }
    }

    @Test
    void corruptOrHostileHeadersAreErrorsNamingTheProblem() throws IOException {
        byte[] good = TarBuilder.tar().file("a", "x".repeat(1000)).file("b", "y").bytes();
        byte[] badSum = good.clone();
        badSum[0] = 'z';
        assertTrue(message(badSum).contains("checksum"), message(badSum));
        // TarBuilder writes a pax header (mtime) before each entry: pax 0, records 512, "a" 1024, content 1536-2536,
        // pax 2560, records 3072, "b" 3584, content 4096
        byte[] truncated = java.util.Arrays.copyOf(good, 1536 + 188);
        assertTrue(message(truncated).contains("truncated"), message(truncated));
        byte[] halfHeader = java.util.Arrays.copyOf(good, 2560 + 100);
        assertTrue(message(halfHeader).contains("truncated"), message(halfHeader));
        // a GNU long name that claims 2 GB
        byte[] huge = TarBuilder.tar().file("x".repeat(300), "y").bytes();
        setOctal(huge, 124, 12, 2L << 30);
        assertTrue(message(huge).contains("claims"), message(huge));
        // garbage in a number field
        byte[] notOctal = good.clone();
        byte[] header = java.util.Arrays.copyOfRange(notOctal, 1024, 1536); // "a"'s own header
        header[100] = '9';
        fixChecksum(header);
        System.arraycopy(header, 0, notOctal, 1024, 512);
        assertTrue(message(notOctal).contains("mode field is not octal"), message(notOctal));
        // an archive that simply stops at a block boundary ends quietly, as with commons-compress
        assertEquals(2, withTarReader(java.util.Arrays.copyOf(good, 4608), true).size());
        assertNull(new TarReader(new ByteArrayInputStream(new byte[1024])).next());
    }

    private static String message(byte[] tar) {
        return assertThrows(IOException.class, () -> withTarReader(tar, true)).getMessage();
    }

    private static void setOctal(byte[] b, int off, int len, long v) {
        String s = String.format("%0" + (len - 1) + "o", v);
        for (int i = 0; i < len - 1; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
        b[off + len - 1] = 0;
        fixChecksum(b);
    }

    private static void fixChecksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : b[i] & 0xff;
        }
        String s = String.format("%06o", sum);
        for (int i = 0; i < 6; i++) {
            b[148 + i] = (byte) s.charAt(i);
        }
        b[154] = 0;
        b[155] = ' ';
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
    }
}
