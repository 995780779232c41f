package dev.jrun.api;

import dev.jrun.linux.Pty;
import dev.jrun.linux.Stdio;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * {@code run -t}: the container runs on a new pseudo-terminal; jrun puts its own terminal in raw mode
 * (so keys such as Ctrl-C reach the container's line discipline), copies keys in and output out, and
 * restores the terminal at the end.
 */
public final class TtySession {
    private TtySession() {
    }

    public static int run(Jrun jrun, ContainerRunner.Request r) {
        return session(pty -> jrun.runner().run(r, Stdio.terminal(pty.slave()), SignalForwarder.process(),
                pty::closeSlave));
    }

    /**
     * Runs body with a new pty whose slave body gives to its process (and closes once that process has it),
     * while jrun's terminal is raw and bytes are copied both ways; returns body's exit code.
     */
    static int session(ToIntFunction<Pty> body) {
        try (Pty pty = Pty.open()) {
            pty.copyWindowSize(0);
            String saved = System.console() != null ? stty("-g").trim() : null;
            if (saved != null) {
                stty("raw", "-echo");
            }
            Thread out = new Thread(() -> copyOut(pty, System.out), "tty-out");
            Thread in = new Thread(() -> copyIn(System.in, pty), "tty-in");
            in.setDaemon(true);
            out.setDaemon(true);
            try {
                out.start();
                in.start();
                int code = body.applyAsInt(pty);
                pty.closeSlave();
                out.join(2000);
                return code;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 125;
            } finally {
                if (saved != null) {
                    stty(saved);
                }
            }
        }
    }

    private static void copyOut(Pty pty, OutputStream to) {
        byte[] b = new byte[8192];
        try {
            for (int n; (n = pty.read(b)) > 0; ) {
                to.write(b, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // the terminal went away: nothing left to show
        }
    }

    private static void copyIn(InputStream from, Pty pty) {
        byte[] b = new byte[1024];
        try {
            for (int n; (n = from.read(b)) > 0; ) {
                pty.write(b, n);
            }
        } catch (IOException | RuntimeException e) {
            // stdin closed or the container is gone
        }
    }

    /** Runs stty on jrun's own terminal (its stdin). */
    private static String stty(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
