package dev.jrun.linux;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Paths inside a container's rootfs, resolved on the host before the launch: symlinks are
 * followed as if the rootfs were "/" (like runc's securejoin), so a link in an image can never
 * send a mount or the executable outside the rootfs.
 */
public final class RootfsPaths {
    private static final int MAX_LINKS = 40;

    private RootfsPaths() {
    }

    /**
     * rootfs + path with every symlink resolved inside rootfs; missing tails are kept as given. Once a
     * component is missing, the ones after it are not looked up (they cannot exist) until a ".." climbs
     * back.
     */
    public static Path resolve(Path rootfs, String path) {
        try (Resolver r = new Resolver(rootfs)) {
            return r.resolve(path);
        }
    }

    /**
     * Resolves paths in one rootfs, remembering what each path is (lstat through statx, in native memory: no
     * exception for a missing file, no attribute objects), so the ~30 paths of a container's mounts, which
     * share their first components, look each one up once. The paths it keeps are relative to the rootfs
     * (short): a run is interpreted, and hashing, copying or parsing the ~100 characters of a path in the
     * container's directory costs per character. For one launch: what the rootfs holds must not change
     * while it is used.
     */
    static final class Resolver implements AutoCloseable {
        private static final int AT_FDCWD = -100;
        private static final int AT_SYMLINK_NOFOLLOW = 0x100;
        private static final int STATX_TYPE = 1;
        /** struct statx's stx_mode (u16): the same offset on every architecture. */
        private static final int STX_MODE = 28;
        private static final int PATH_MAX = 4096;
        static final int S_IFMT = 0170000;
        static final int S_IFDIR = 0040000;
        static final int S_IFREG = 0100000;
        static final int S_IFLNK = 0120000;

        private final Path rootfs;
        /** rootfs as a string, without a trailing slash ("" for "/"). */
        private final String root;
        /** Relative path -> its S_IF* type, 0 for nothing there. */
        private final java.util.HashMap<String, Integer> types = new java.util.HashMap<>();
        private final NativeMemory mem = new NativeMemory();
        private final long statx = mem.allocate(256);
        /** root + "/" in native memory, room for a relative path and its NUL after it. */
        private final long pathBuf = mem.allocate(PATH_MAX);
        private final int rootBytes;
        /** The type of the last path resolve returned (S_IF* bits), 0 if it does not exist. */
        private int lastType;

        Resolver(Path rootfs) {
            this.rootfs = rootfs;
            String r = rootfs.toString();
            this.root = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
            byte[] b = (root + "/").getBytes(StandardCharsets.UTF_8);
            rootBytes = Math.min(b.length, PATH_MAX - 1);
            NativeMemory.IO.putByteArray(pathBuf, b, 0, rootBytes);
        }

        /** As RootfsPaths.resolve, for this resolver's rootfs. */
        Path resolve(String path) {
            String rel = resolveRelative(path);
            return rel.isEmpty() ? rootfs : rootfs.resolve(rel);
        }

        /** The S_IF* type of what the last resolve returned, 0 if it does not exist. */
        int lastType() {
            return lastType;
        }

        /** path resolved, relative to the rootfs ("" for the rootfs itself). */
        private String resolveRelative(String path) {
            Deque<String> todo = new ArrayDeque<>();
            pushComponents(todo, path);
            Deque<String> done = new ArrayDeque<>();
            String at = ""; // done, joined
            boolean missing = false;
            int links = 0;
            int type = S_IFDIR;
            while (!todo.isEmpty()) {
                String c = todo.pollFirst();
                if (c.equals(".")) {
                    continue;
                }
                if (c.equals("..")) {
                    done.pollLast();
                    at = String.join("/", done);
                    missing = false;
                    type = S_IFDIR;
                    continue;
                }
                String here = at.isEmpty() ? c : at + "/" + c;
                type = missing ? 0 : type(here);
                missing = type == 0;
                if (type == S_IFLNK) {
                    if (++links > MAX_LINKS) {
                        throw new JrunException("too many symbolic links resolving " + path + " in " + rootfs);
                    }
                    String target;
                    try {
                        target = Files.readSymbolicLink(rootfs.resolve(here)).toString();
                    } catch (IOException e) {
                        throw new JrunException("read symlink " + rootfs.resolve(here) + ": " + e.getMessage(), e);
                    }
                    if (target.startsWith("/")) {
                        done.clear();
                        at = "";
                    }
                    Deque<String> parts = new ArrayDeque<>();
                    pushComponents(parts, target);
                    while (!parts.isEmpty()) {
                        todo.addFirst(parts.pollLast());
                    }
                    type = S_IFDIR; // what at names now (a directory, or the rootfs)
                } else {
                    done.addLast(c);
                    at = here;
                }
            }
            lastType = type;
            return at;
        }

        /** The non-empty components of path, in order (String.split's regex path and lists cost more). */
        private static void pushComponents(Deque<String> to, String path) {
            int from = 0;
            while (from <= path.length()) {
                int slash = path.indexOf('/', from);
                int end = slash < 0 ? path.length() : slash;
                if (end > from) {
                    to.addLast(path.substring(from, end));
                }
                from = end + 1;
            }
        }

        /** lstat(rootfs + "/" + rel)'s S_IF* type bits; 0 if it does not exist or cannot be looked at. Remembered. */
        int type(String rel) {
            Integer known = types.get(rel);
            if (known != null) {
                return known;
            }
            byte[] b = rel.getBytes(StandardCharsets.UTF_8);
            int t;
            if (rootBytes + b.length >= PATH_MAX) {
                t = 0; // longer than the kernel takes: nothing there it could find
            } else {
                NativeMemory.IO.putByteArray(pathBuf + rootBytes, b, 0, b.length);
                NativeMemory.IO.putByte(pathBuf + rootBytes + b.length, (byte) 0);
                long r = NativeCalls.syscall(Sys.STATX.nr(), AT_FDCWD, pathBuf, AT_SYMLINK_NOFOLLOW, STATX_TYPE, statx);
                t = r < 0 ? 0 : (NativeMemory.IO.getShort(statx + STX_MODE) & S_IFMT);
            }
            types.put(rel, t);
            return t;
        }

        /** stat(hostPath)'s S_IF* type bits, following a final symlink; 0 if there is nothing there. Not remembered. */
        int statType(String hostPath) {
            long r = NativeCalls.syscall(Sys.STATX.nr(), AT_FDCWD, mem.cstring(hostPath), 0, STATX_TYPE, statx);
            return r < 0 ? 0 : (NativeMemory.IO.getShort(statx + STX_MODE) & S_IFMT);
        }

        @Override
        public void close() {
            mem.close();
        }
    }

    /** argv[0] as execve needs it, inside the container: searched in PATH (from env) when it has no '/'. */
    public static String executable(Path rootfs, String argv0, List<String> env) {
        if (argv0.contains("/")) {
            return argv0;
        }
        String pathVar = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        for (String e : env) {
            if (e.startsWith("PATH=")) {
                pathVar = e.substring(5);
            }
        }
        try (Resolver r = new Resolver(rootfs)) {
            for (String dir : pathVar.split(":")) {
                if (dir.isEmpty() || !dir.startsWith("/")) {
                    continue;
                }
                String candidate = dir.endsWith("/") ? dir + argv0 : dir + "/" + argv0;
                Path onHost = r.resolve(candidate);
                if (r.lastType() == Resolver.S_IFREG && Files.isExecutable(onHost)) {
                    return candidate;
                }
            }
        }
        throw new ExecutableNotFoundException(argv0);
    }

    /** docker's "executable file not found in $PATH", exit 127. */
    public static final class ExecutableNotFoundException extends JrunException {
        private static final long serialVersionUID = 1L;

        ExecutableNotFoundException(String name) {
            super("exec: \"" + name + "\": executable file not found in $PATH");
        }

        @Override
        public int exitCode() {
            return 127;
        }
    }
}
