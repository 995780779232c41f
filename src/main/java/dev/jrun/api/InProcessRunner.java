package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.linux.Pipe;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.Container;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs a created container with this JVM as its parent, for the embeddable API ({@code run -d} hands a
 * container to a monitor process instead, which costs a JVM start): a daemon thread runs it through
 * {@link ContainerRunner#runCreated} and records its exit, and its stdout and stderr go line by line into
 * the json-file log a monitor writes, so {@code jrun logs} and {@code jrun ps} see it like any other.
 */
public final class InProcessRunner {
    private final Jrun jrun;

    public InProcessRunner(Jrun jrun) {
        this.jrun = jrun;
    }

    /** Starts the created container c; returns once its process runs, or throws why it could not start. */
    public CompletableFuture<Integer> start(Container c, ContainerRunner.Request r) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread t = new Thread(() -> run(c, r, started, exit), "jrun-container-" + c.name());
        t.setDaemon(true);
        t.start();
        try {
            started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new JrunException("start container " + c.name() + ": " + e.getCause(), e.getCause());
        }
        return exit;
    }

    private void run(Container c, ContainerRunner.Request r, CompletableFuture<Void> started,
                     CompletableFuture<Integer> exit) {
        try (Pipe out = Pipe.open(); Pipe err = Pipe.open(); JsonLog log = JsonLog.append(Monitor.logPath(jrun, c.id()))) {
            Thread[] copiers = {copier(out, "stdout", log), copier(err, "stderr", log)};
            Stdio stdio = new Stdio(new Stdio.ToFile(Path.of("/dev/null"), false), new Stdio.ToFd(out.writeFd()),
                    new Stdio.ToFd(err.writeFd()));
            Runnable afterStart = () -> {
                out.closeWrite(); // the container has its own copies: EOF comes when it exits
                err.closeWrite();
                started.complete(null);
            };
            Runnable afterExit = () -> {
                for (Thread copier : copiers) {
                    join(copier); // the last lines are in the log before the exit is recorded
                }
            };
            exit.complete(jrun.runner().runCreated(c, r, stdio, SignalForwarder.none(), afterStart, afterExit));
        } catch (RuntimeException | IOException | Error e) {
            started.completeExceptionally(e);
            exit.completeExceptionally(e);
        }
    }

    private static Thread copier(Pipe p, String stream, JsonLog log) {
        Thread t = new Thread(() -> copy(p.in(), stream, log), "jrun-log-" + stream);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Logs in line by line, each with its '\n' as docker keeps it (a last line without one too). */
    private static void copy(InputStream in, String stream, JsonLog log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            for (int ch = r.read(); ch >= 0; ch = r.read()) {
                line.append((char) ch);
                if (ch == '\n') {
                    log.write(line.toString(), stream);
                    line.setLength(0);
                }
            }
            if (line.length() > 0) {
                log.write(line.toString(), stream);
            }
        } catch (IOException e) {
            // the log is best effort: a full disk must not kill the container (its writes then block)
        }
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
