package dev.jrun.layer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Path resolution confined to a root directory, like openat2(RESOLVE_IN_ROOT) or Go's securejoin:
 * symlinks met in directory components are followed but resolved inside the root (an absolute
 * target starts at the root, {@code ..} stops at it), and the last component is never followed.
 * Directories already resolved are cached; callers call {@link #forget()} whenever they remove or
 * replace something that is not a regular file. The root must be private to the caller while in use.
 */
final class SafePaths {
    private static final int MAX_SYMLINKS = 255;
    private final Path root;
    private final Map<String, String> resolvedDirs = new HashMap<>();
    private final Runnable beforeLookup;
    private final java.util.function.Consumer<String> madeDir;

    SafePaths(Path root) {
        this(root, () -> { }, dir -> { });
    }

    /**
     * beforeLookup runs before a resolution that has to look at the file system (not cached);
     * madeDir receives the real root-relative path of each directory made for a missing component.
     */
    SafePaths(Path root, Runnable beforeLookup, java.util.function.Consumer<String> madeDir) {
        this.root = root;
        this.beforeLookup = beforeLookup;
        this.madeDir = madeDir;
    }

    Path root() {
        return root;
    }

    /**
     * The root-relative form of a tar name: leading "/" and "./" dropped, "." and empty components
     * removed, ".." applied lexically. Returns "" for the root itself. Throws if ".." climbs above
     * the root or the name holds a NUL.
     */
    static String clean(String name) {
        // Almost every layer name is already clean but for a leading "./" or a trailing "/": answer
        // those with one scan and no allocation. The general code below (split, deque, join) is what
        // C2 spent the most time compiling in an unpack (JFR jdk.Compilation), for names that need none of it.
        int start = 0;
        int end = name.length();
        while (start + 1 < end && name.charAt(start) == '.' && name.charAt(start + 1) == '/') {
            start += 2;
        }
        while (end > start && name.charAt(end - 1) == '/') {
            end--;
        }
        if (isClean(name, start, end)) {
            return name.substring(start, end);
        }
        return cleanComponents(name);
    }

    /** Whether name[start, end) is non-empty, relative, without NUL and without empty, "." or ".." components. */
    private static boolean isClean(String name, int start, int end) {
        if (start == end) {
            return false;
        }
        int component = start;
        for (int i = start; i <= end; i++) {
            char c = i < end ? name.charAt(i) : '/';
            if (c == 0) {
                return false;
            }
            if (c == '/') {
                int length = i - component;
                if (length == 0 || (name.charAt(component) == '.'
                        && (length == 1 || (length == 2 && name.charAt(component + 1) == '.')))) {
                    return false;
                }
                component = i + 1;
            }
        }
        return true;
    }

    /** The general form of {@link #clean}, component by component. */
    static String cleanComponents(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("name contains a NUL byte");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("name climbs out of the layer root with '..'");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    static String base(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    /**
     * The real location (inside the root) of the entry {@code rel}: its parent directory resolved
     * with {@link #resolveDir}, then its own name, unfollowed.
     */
    Path resolveEntry(String rel, boolean createParents) throws IOException {
        return rel.isEmpty() ? root : root.resolve(realEntry(rel, createParents));
    }

    /** Like {@link #resolveEntry} for a non-empty rel, but the real root-relative path. */
    String realEntry(String rel, boolean createParents) throws IOException {
        String dir = resolveDir(parent(rel), createParents);
        return dir.isEmpty() ? base(rel) : dir + "/" + base(rel);
    }

    /** Records that {@code rel} is the directory at real root-relative path {@code real}. */
    void remember(String rel, String real) {
        resolvedDirs.put(rel, real);
    }

    /**
     * Resolves a directory path inside the root, following symlinks inside the root, and returns
     * its real root-relative path. Missing components are created (mode 0755) when createMissing,
     * else NoSuchFileException. A component that is neither a directory nor a symlink to one
     * throws NotDirectoryException-like IOException.
     */
    String resolveDir(String rel, boolean createMissing) throws IOException {
        if (rel.isEmpty()) {
            return "";
        }
        String cached = resolvedDirs.get(rel);
        if (cached != null) {
            return cached;
        }
        beforeLookup.run();
        Deque<String> todo = new ArrayDeque<>();
        for (String part : rel.split("/")) {
            todo.addLast(part);
        }
        String current = "";
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = parent(current);
                continue;
            }
            String next = current.isEmpty() ? part : current + "/" + part;
            Path path = root.resolve(next);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (!createMissing) {
                    throw e;
                }
                try {
                    Files.createDirectory(path);
                } catch (FileAlreadyExistsException raced) {
                    throw new IOException("'" + next + "' appeared while resolving '" + rel + "'");
                }
                madeDir.accept(next);
                current = next;
                continue;
            }
            if (attrs.isSymbolicLink()) {
                if (++links > MAX_SYMLINKS) {
                    throw new IOException("too many levels of symbolic links resolving '" + rel + "'");
                }
                String target = Files.readSymbolicLink(path).toString();
                if (target.startsWith("/")) {
                    current = "";
                }
                String[] targetParts = target.split("/");
                for (int i = targetParts.length - 1; i >= 0; i--) {
                    todo.addFirst(targetParts[i]);
                }
            } else if (attrs.isDirectory()) {
                current = next;
            } else {
                throw new IOException("'" + next + "' is not a directory");
            }
        }
        resolvedDirs.put(rel, current);
        return current;
    }

    /** Drops every cached resolution; call after removing or replacing a directory or symlink. */
    void forget() {
        resolvedDirs.clear();
    }
}
