package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An entry of an overlay dir as lstat sees it, and the overlay conventions read from it. */
record UpperEntry(Path path, int mode, int uid, int gid, long rdev, long dev, long ino, int nlink, long size,
                  long mtimeSeconds) {
    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    static final int S_IFIFO = 0010000;
    static final String[] OPAQUE_XATTRS = {"trusted.overlay.opaque", "user.overlay.opaque"};

    static Optional<UpperEntry> read(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,gid,rdev,dev,ino,nlink,size,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(new UpperEntry(path, (Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                (Long) a.get("rdev"), (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                (Long) a.get("size"), ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).to(java.util.concurrent.TimeUnit.SECONDS)));
    }

    int type() {
        return mode & S_IFMT;
    }

    boolean isDirectory() {
        return type() == S_IFDIR;
    }

    /** An overlay whiteout: a character device numbered 0/0. */
    boolean isWhiteout() {
        return type() == S_IFCHR && rdev == 0;
    }

    boolean isOpaque(FileSystemOps ops) throws IOException {
        if (!isDirectory()) {
            return false;
        }
        for (String name : OPAQUE_XATTRS) {
            Optional<byte[]> v = ops.getXattr(path, name);
            if (v.isPresent() && v.get().length == 1 && v.get()[0] == 'y') {
                return true;
            }
        }
        return false;
    }

    long major() {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    long minor() {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }

    /** Children names of a directory, sorted so the output never depends on readdir order. */
    static List<String> sortedChildren(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        }
        names.sort(null);
        return names;
    }
}
