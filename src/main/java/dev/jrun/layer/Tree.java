package dev.jrun.layer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Removals and whiteouts under the unpack root. Keeps the path cache and the deferred directory
 * metadata consistent with what it deletes, and (in DELETE mode) remembers what this layer wrote
 * so an opaque whiteout hides only what lower layers put there.
 */
final class Tree {
    private static final byte[] OPAQUE_VALUE = "y".getBytes(StandardCharsets.US_ASCII);
    private final SafePaths paths;
    private final FileSystemOps ops;
    private final UnpackOptions options;
    private final Map<Path, long[]> deferredDirs;
    private final Set<Path> writtenByLayer = new HashSet<>();

    Tree(SafePaths paths, FileSystemOps ops, UnpackOptions options, Map<Path, long[]> deferredDirs) {
        this.paths = paths;
        this.ops = ops;
        this.options = options;
        this.deferredDirs = deferredDirs;
    }

    /** Records that this layer wrote {@code path} (needed only to apply opaque whiteouts by deletion). */
    void written(Path path) {
        if (options.whiteouts() == WhiteoutMode.DELETE) {
            writtenByLayer.add(path);
        }
    }

    void apply(Whiteout whiteout) throws IOException {
        if (whiteout instanceof Whiteout.File file) {
            Path target = paths.resolveEntry(file.target(), true);
            remove(target);
            if (options.whiteouts() != WhiteoutMode.DELETE) {
                ops.mknod(target, FileSystemOps.NodeType.CHAR_DEVICE, 0, 0, 0);
            }
        } else if (whiteout instanceof Whiteout.Opaque opaque) {
            Path dir = paths.root().resolve(paths.resolveDir(opaque.directory(), true));
            if (options.whiteouts() == WhiteoutMode.DELETE) {
                hideLowerChildren(dir);
            } else {
                ops.setXattr(dir, options.whiteouts().opaqueXattr(), OPAQUE_VALUE);
            }
        }
    }

    private void hideLowerChildren(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (!writtenByLayer.contains(child)) {
                    remove(child);
                } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    hideLowerChildren(child);
                }
            }
        }
    }

    /** Removes whatever is at {@code path} (a whole tree for a directory), never following symlinks. */
    void remove(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (attrs.isDirectory()) {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                    Files.delete(file);
                    writtenByLayer.remove(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    writtenByLayer.remove(d);
                    deferredDirs.remove(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            Files.delete(path);
            writtenByLayer.remove(path);
        }
        if (!attrs.isRegularFile()) {
            paths.forget();
        }
    }
}
