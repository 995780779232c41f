package dev.jrun.build;

import java.nio.file.Path;

/**
 * One file of a layer or of a merged image filesystem, as the builder sees it: no kernel, no root.
 *
 * @param path relative to the root, {@code /}-separated, no leading or trailing slash
 * @param mode permission bits (including setuid/setgid/sticky), without the file type
 * @param linkTarget symlink target as written, or for a hard link the linked path
 * @param content where a regular file's bytes are (a context file or an extracted copy), else null
 * @param mtime seconds since the epoch
 */
public record FsEntry(String path, Kind kind, int mode, int uid, int gid, long size, String linkTarget,
        Path content, long mtime) {

    /** File types a layer can hold. */
    public enum Kind { DIR, FILE, SYMLINK, HARDLINK, CHAR, BLOCK, FIFO }

    /** A directory owned by root with mode 0755, as the builder creates missing parents. */
    public static FsEntry dir(String path, long mtime) {
        return new FsEntry(path, Kind.DIR, 0755, 0, 0, 0, null, null, mtime);
    }

    public FsEntry withPath(String p) {
        return new FsEntry(p, kind, mode, uid, gid, size, linkTarget, content, mtime);
    }

    public FsEntry withOwner(int u, int g) {
        return new FsEntry(path, kind, mode, u, g, size, linkTarget, content, mtime);
    }

    public FsEntry withMode(int m) {
        return new FsEntry(path, kind, m, uid, gid, size, linkTarget, content, mtime);
    }

    public FsEntry withMtime(long t) {
        return new FsEntry(path, kind, mode, uid, gid, size, linkTarget, content, t);
    }

    public boolean isDir() {
        return kind == Kind.DIR;
    }

    /** The parent path, "" for a top-level entry. */
    public static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last path component. */
    public static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Normalizes a path to the builder's form: no leading {@code /} or {@code ./}, no {@code .}/{@code ..} parts. */
    public static String clean(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
