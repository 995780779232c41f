package dev.jrun.linux;

import java.nio.file.Path;

/**
 * Where a container's stdin, stdout and stderr go: jrun's own, a file (created or truncated, or
 * appended to), or an fd the caller opened (a pipe, a pty's slave for {@code -t}). The launcher
 * dup2s them to 0, 1 and 2 in the child; the caller keeps ownership of its fds.
 */
public record Stdio(Redirect in, Redirect out, Redirect err) {

    /** One of the three streams. */
    public sealed interface Redirect permits Inherit, ToFile, ToFd {
    }

    /** Keep jrun's own stream. */
    public record Inherit() implements Redirect {
    }

    /** A file on the host; stdin opens it for reading. */
    public record ToFile(Path path, boolean append) implements Redirect {
    }

    /** An fd of jrun's, e.g. a pipe end or a pty slave. */
    public record ToFd(int fd) implements Redirect {
    }

    public Stdio {
        in = in == null ? new Inherit() : in;
        out = out == null ? new Inherit() : out;
        err = err == null ? new Inherit() : err;
    }

    public static Stdio inherit() {
        return new Stdio(null, null, null);
    }

    /** Files (null keeps jrun's stream); out and err are truncated. */
    public static Stdio files(Path in, Path out, Path err) {
        return new Stdio(in == null ? null : new ToFile(in, false), out == null ? null : new ToFile(out, false),
                err == null ? null : new ToFile(err, false));
    }

    /** The same fd for all three, as for a terminal (-t). */
    public static Stdio terminal(int ptySlave) {
        return new Stdio(new ToFd(ptySlave), new ToFd(ptySlave), new ToFd(ptySlave));
    }
}
