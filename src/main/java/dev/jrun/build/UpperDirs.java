package dev.jrun.build;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An overlay upper directory as a layer: files, directories and symlinks with their owners and
 * modes; overlay whiteouts (0/0 character devices) become {@code .wh.} entries and opaque
 * directories a {@code .wh..wh..opq} marker. Mtimes are clamped with --timestamp like COPY layers.
 */
final class UpperDirs {
    private UpperDirs() {
    }

    static LayerWriter.Layer toLayer(BuildSession b, Path upper, java.util.function.Predicate<Path> opaque) {
        List<FsEntry> entries = new ArrayList<>();
        List<String> whiteouts = new ArrayList<>();
        try {
            Files.walkFileTree(upper, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(upper)) {
                        visit(dir);
                        if (opaque.test(dir)) {
                            whiteouts.add(upper.relativize(dir) + "/.wh..wh..opq");
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    visit(f);
                    return FileVisitResult.CONTINUE;
                }

                private void visit(Path p) throws IOException {
                    String rel = upper.relativize(p).toString();
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev,lastModifiedTime",
                            LinkOption.NOFOLLOW_LINKS);
                    int mode = (Integer) a.get("mode");
                    int uid = (Integer) a.get("uid");
                    int gid = (Integer) a.get("gid");
                    long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
                    int perm = mode & 07777;
                    switch (mode & 0170000) {
                        case 0040000 -> entries.add(new FsEntry(rel, FsEntry.Kind.DIR, perm, uid, gid, 0, null, null,
                                mtime));
                        case 0120000 -> entries.add(new FsEntry(rel, FsEntry.Kind.SYMLINK, perm, uid, gid, 0,
                                Files.readSymbolicLink(p).toString(), null, mtime));
                        case 0100000 -> entries.add(new FsEntry(rel, FsEntry.Kind.FILE, perm, uid, gid,
                                (Long) a.get("size"), null, p, mtime));
                        case 0020000 -> {
                            long rdev = ((Number) a.get("rdev")).longValue();
                            if (rdev == 0) {
                                whiteouts.add(rel);
                            } else {
                                entries.add(new FsEntry(rel, FsEntry.Kind.CHAR, perm, uid, gid, 0,
                                        (rdev >> 8 & 0xfff) + ":" + (rdev & 0xff | (rdev >> 12) & 0xfff00), null,
                                        mtime));
                            }
                        }
                        case 0010000 -> entries.add(new FsEntry(rel, FsEntry.Kind.FIFO, perm, uid, gid, 0, null, null,
                                mtime));
                        default -> { } // sockets and block devices are not kept in layers
                    }
                }
            });
        } catch (IOException e) {
            throw new JrunException("read RUN changes in " + upper + ": " + e.getMessage(), e);
        }
        return LayerWriter.write(b.store.blobs(), entries, whiteouts, b.clamp());
    }
}
