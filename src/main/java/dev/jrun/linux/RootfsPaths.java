package dev.jrun.linux;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
     * back: a PATH search tries several missing directories, and every failed lookup costs an exception.
     */
    public static Path resolve(Path rootfs, String path) {
        Deque<String> todo = new ArrayDeque<>();
        for (String c : path.split("/")) { // not ArrayDeque(Collection): it adds with a method reference
            todo.addLast(c);
        }
        Deque<String> done = new ArrayDeque<>();
        Path at = rootfs; // rootfs + done
        boolean missing = false;
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.pollFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                done.pollLast();
                at = join(rootfs, done);
                missing = false;
                continue;
            }
            Path here = at.resolve(c);
            java.nio.file.attribute.BasicFileAttributes a = null;
            if (!missing) {
                try {
                    a = Files.readAttributes(here, java.nio.file.attribute.BasicFileAttributes.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    missing = true;
                }
            }
            if (a != null && a.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new JrunException("too many symbolic links resolving " + path + " in " + rootfs);
                }
                String target;
                try {
                    target = Files.readSymbolicLink(here).toString();
                } catch (IOException e) {
                    throw new JrunException("read symlink " + here + ": " + e.getMessage(), e);
                }
                if (target.startsWith("/")) {
                    done.clear();
                    at = rootfs;
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            } else {
                done.addLast(c);
                at = here;
            }
        }
        return at;
    }

    private static Path join(Path rootfs, Deque<String> parts) {
        Path p = rootfs;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
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
        for (String dir : pathVar.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            String candidate = dir.endsWith("/") ? dir + argv0 : dir + "/" + argv0;
            Path onHost = resolve(rootfs, candidate);
            if (Files.isRegularFile(onHost) && Files.isExecutable(onHost)) {
                return candidate;
            }
        }
        throw new ExecutableNotFoundException(argv0);
    }

    /** Whether path exists in rootfs as a directory (following links inside it). */
    static boolean isDirectory(Path rootfs, String path) {
        return Files.isDirectory(resolve(rootfs, path), LinkOption.NOFOLLOW_LINKS);
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
