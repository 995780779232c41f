package dev.jrun.layer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** A comparable description of a directory tree: one line per entry with type, mode, owner, content. */
final class TreeSnapshot {
    private TreeSnapshot() {
    }

    static Map<String, String> of(Path root, boolean dirTimes) {
        Map<String, String> out = new TreeMap<>();
        try {
            walk(root, "", out, dirTimes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void walk(Path dir, String rel, Map<String, String> out, boolean dirTimes) throws IOException {
        for (String name : UpperEntry.sortedChildren(dir)) {
            Path p = dir.resolve(name);
            UpperEntry e = UpperEntry.read(p).orElseThrow();
            String key = rel + "/" + name;
            String what = Integer.toOctalString(e.mode()) + " " + e.uid() + ":" + e.gid();
            if (!e.isDirectory() || dirTimes) {
                what += " t=" + e.mtimeSeconds();
            }
            switch (e.type()) {
                case UpperEntry.S_IFREG -> what += " sha=" + sha(Files.readAllBytes(p));
                case UpperEntry.S_IFLNK -> what += " -> " + Files.readSymbolicLink(p);
                case UpperEntry.S_IFCHR, UpperEntry.S_IFBLK -> what += " dev=" + e.major() + "," + e.minor();
                default -> { }
            }
            out.put(key, what);
            if (e.isDirectory()) {
                walk(p, key, out, dirTimes);
            }
        }
    }

    static String sha(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
