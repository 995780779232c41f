package dev.jrun.layer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Turns an overlay upper dir into a reproducible layer tar (optionally gzip) and its digests. */
final class LayerTarWriter {
    private final FileSystemOps ops;
    private final Map<String, String> firstNameOfInode = new HashMap<>();

    LayerTarWriter(FileSystemOps ops) {
        this.ops = ops;
    }

    LayerDigests write(Path upper, OutputStream out, boolean gzip) throws IOException {
        MessageDigest blobSha = sha256();
        MessageDigest tarSha = sha256();
        CountingOutputStream blob = new CountingOutputStream(new DigestOutputStream(out, blobSha));
        GZIPOutputStream zip = gzip ? new GZIPOutputStream(blob, 64 * 1024) : null;
        OutputStream tarBytes = gzip ? new DigestOutputStream(zip, tarSha) : blob;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        walk(upper, "", tar);
        tar.finish();
        if (zip != null) {
            zip.finish();
        }
        tarBytes.flush();
        String digest = "sha256:" + HexFormat.of().formatHex(blobSha.digest());
        String diffId = gzip ? "sha256:" + HexFormat.of().formatHex(tarSha.digest()) : digest;
        return new LayerDigests(diffId, digest, blob.count);
    }

    private void walk(Path dir, String rel, TarArchiveOutputStream tar) throws IOException {
        for (String name : UpperEntry.sortedChildren(dir)) {
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            Optional<UpperEntry> read = UpperEntry.read(dir.resolve(name));
            if (read.isEmpty()) {
                continue;
            }
            UpperEntry e = read.get();
            if (e.isWhiteout()) {
                marker(tar, rel.isEmpty() ? Whiteout.PREFIX + name : rel + "/" + Whiteout.PREFIX + name);
                continue;
            }
            TarArchiveEntry entry = entry(e, childRel);
            if (entry == null) {
                continue;
            }
            tar.putArchiveEntry(entry);
            if (entry.getLinkFlag() == TarConstants.LF_NORMAL && e.size() > 0) {
                Files.copy(e.path(), tar);
            }
            tar.closeArchiveEntry();
            if (e.isDirectory()) {
                if (e.isOpaque(ops)) {
                    marker(tar, childRel + "/" + Whiteout.OPAQUE);
                }
                walk(e.path(), childRel, tar);
            }
        }
    }

    private TarArchiveEntry entry(UpperEntry e, String rel) throws IOException {
        TarArchiveEntry t;
        switch (e.type()) {
            case UpperEntry.S_IFDIR -> t = new TarArchiveEntry(rel + "/", TarConstants.LF_DIR, true);
            case UpperEntry.S_IFLNK -> {
                t = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK, true);
                t.setLinkName(Files.readSymbolicLink(e.path()).toString());
            }
            case UpperEntry.S_IFREG -> {
                String first = e.nlink() > 1 ? firstNameOfInode.putIfAbsent(e.dev() + ":" + e.ino(), rel) : null;
                if (first != null) {
                    t = new TarArchiveEntry(rel, TarConstants.LF_LINK, true);
                    t.setLinkName(first);
                } else {
                    t = new TarArchiveEntry(rel, TarConstants.LF_NORMAL, true);
                    t.setSize(e.size());
                }
            }
            case UpperEntry.S_IFCHR, UpperEntry.S_IFBLK -> {
                t = new TarArchiveEntry(rel, e.type() == UpperEntry.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK, true);
                t.setDevMajor((int) e.major());
                t.setDevMinor((int) e.minor());
            }
            case UpperEntry.S_IFIFO -> t = new TarArchiveEntry(rel, TarConstants.LF_FIFO, true);
            default -> {
                return null; // sockets are not part of a layer
            }
        }
        t.setMode(e.mode() & 07777);
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(FileTime.from(e.mtimeSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        if (!t.isLink()) {
            xattrs(e.path(), t);
        }
        return t;
    }

    private void xattrs(Path path, TarArchiveEntry t) throws IOException {
        List<String> names = new java.util.ArrayList<>(ops.listXattrs(path));
        names.sort(null);
        for (String name : names) {
            if (name.startsWith("trusted.overlay.") || name.startsWith("user.overlay.")) {
                continue;
            }
            Optional<byte[]> value = ops.getXattr(path, name);
            if (value.isPresent()) {
                try {
                    String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value.get())).toString();
                    t.addPaxHeader("SCHILY.xattr." + name, text);
                } catch (CharacterCodingException binary) {
                    throw new IOException("xattr " + name + " of " + path + " has a binary value, which jrun cannot write to a tar yet");
                }
            }
        }
    }

    private static void marker(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry t = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        t.setMode(0);
        t.setUserName("");
        t.setGroupName("");
        t.setModTime(FileTime.from(0, java.util.concurrent.TimeUnit.SECONDS));
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts bytes written through it. */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
