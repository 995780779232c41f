package dev.jrun.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import dev.jrun.linux.Epoll;
import dev.jrun.linux.Pipe;
import dev.jrun.linux.ProcessSignals;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerState;
import dev.jrun.runtime.RunOptions;
import dev.jrun.store.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What the shared monitor ({@link SharedMonitor}) does for one detached container: starts it with
 * stdout/stderr on pipes, copies them line by line into the json-file log, records the exit code,
 * unmounts, removes with --rm; or, for a container whose monitor died, waits for its end and records it
 * as lost. It holds the container's monitor.lock ({@link Watch}) meanwhile, so others can tell "the
 * monitor will record the exit" from "nobody watches this container". If the monitor is killed the
 * container keeps running; its next write to stdout/stderr then gets SIGPIPE (no reader is left), as
 * with podman when conmon dies.
 */
public final class Monitor {
    static final String RUN_FILE = "jrun-run.json";
    static final String LOCK_FILE = "monitor.lock";
    public static final String LOG_SUFFIX = "-json.log";

    /** What the monitor needs besides the record: the run flags and --rm. */
    public record RunFile(@JsonProperty("Options") RunOptions options, @JsonProperty("AutoRemove") boolean remove) {
    }

    private final Jrun jrun;

    Monitor(Jrun jrun) {
        this.jrun = jrun;
    }

    public static Path logPath(Jrun jrun, String id) {
        return jrun.paths().container(id).resolve(id + LOG_SUFFIX);
    }

    static void writeRunFile(Jrun jrun, String id, RunFile f) {
        try {
            AtomicFiles.write(jrun.paths().container(id).resolve(RUN_FILE), Json.bytes(f));
        } catch (IOException e) {
            throw new JrunException("write run options of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** The stored run flags, or for a container made by create (which stores none) flags from its record. */
    public static RunFile runFile(Jrun jrun, Container c) {
        Path p = jrun.paths().container(c.id()).resolve(RUN_FILE);
        try {
            if (Files.exists(p)) {
                return Json.read(Files.readAllBytes(p), RunFile.class, "run options of container " + c.id());
            }
        } catch (IOException e) {
            throw new JrunException("read " + p + ": " + e.getMessage(), e);
        }
        ContainerRecord r = c.record();
        RunOptions o = RunOptions.defaults().withEntrypoint(r.path() == null ? "" : r.path()).withCommand(r.args())
                .withEnv(r.env()).withWorkdir(r.workingDir()).withUser(r.user()).withHostname(r.hostname());
        return new RunFile(o, r.autoRemove());
    }

    /**
     * True while a monitor process holds c's monitor.lock (the lock goes with the process, however it
     * dies). False when the container's dir is gone.
     */
    public static boolean watched(Jrun jrun, String id) {
        Path p = jrun.paths().container(id).resolve(LOCK_FILE);
        if (Watch.here(id)) {
            return true; // this JVM is the monitor: opening the file again would drop its lock
        }
        if (!Files.exists(p)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM is the monitor
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts container id and hands it to poller, which logs its output and, once it has exited, records
     * the exit (through {@link ContainerRunner#finishCreated}) and then runs onEnd. Reports on report (the CLI's connection) "ok"
     * once it runs, or "error CODE MESSAGE" if it could not start, then closes report. Returns false when
     * there is nothing to watch (onEnd is then not run).
     */
    boolean start(String id, PrintStream report, LogPoller poller, Runnable onEnd) {
        Container c = jrun.containers().resolve(id);
        if (Reconciler.alive(c.state())) {
            report.println("ok"); // started meanwhile by another jrun start (or this one, before a monitor died)
            report.close();
            return false;
        }
        Watch w;
        try {
            // a previous watch may still be recording the last exit (restart); two starts race here too
            w = Watch.acquire(jrun, c.id(), 10_000);
        } catch (IOException e) {
            return fail(report, 125, "watch container " + c.name() + ": " + e.getMessage());
        }
        if (w == null) {
            return fail(report, 125, "container " + c.name() + " is already watched by another monitor");
        }
        boolean watching = false;
        try {
            c = jrun.containers().resolve(c.id());
            if (Reconciler.alive(c.state())) {
                report.println("ok"); // started meanwhile by another jrun start
                report.close();
                return false;
            }
            watching = startLocked(c, w, report, poller, onEnd);
            return watching;
        } finally {
            if (!watching) {
                closeQuietly(w);
            }
        }
    }

    private boolean startLocked(Container c, Watch w, PrintStream report, LogPoller poller, Runnable onEnd) {
        RunFile rf = runFile(jrun, c);
        ContainerRunner.Request r = new ContainerRunner.Request(c.record().image(), c.name(), rf.options(),
                rf.remove(), null);
        Pipe out = Pipe.openRaw();
        Pipe err = Pipe.openRaw();
        JsonLog log = JsonLog.append(logPath(jrun, c.id()));
        ContainerRunner.Started started;
        try {
            Stdio stdio = new Stdio(new Stdio.ToFile(Path.of("/dev/null"), false), new Stdio.ToFd(out.writeFd()),
                    new Stdio.ToFd(err.writeFd()));
            started = jrun.runner().startCreated(c, r, stdio);
        } catch (JrunException e) {
            closeQuietly(out);
            closeQuietly(err);
            closeQuietly(log);
            int code = e.exitCode();
            if (Files.exists(jrun.paths().containerConfig(c.id()))) {
                ContainerState s = jrun.containers().resolve(c.id()).state();
                jrun.containers().saveState(c.id(), new ContainerState(s.status(), 0, 0, null, code,
                        s.startedAt(), s.finishedAt() == null ? Instant.now().toString() : s.finishedAt(),
                        e.getMessage()));
            }
            return fail(report, code, e.getMessage());
        }
        out.closeWrite(); // the container has its own copies
        err.closeWrite();
        poller.watch(new LogPoller.Watched(started.pidfd(), out, err, log, () -> {
            try {
                jrun.runner().finishCreated(started, () -> { });
            } catch (RuntimeException e) {
                System.err.println("jrun monitor: record the exit of container " + started.container().name() + ": "
                        + e.getMessage());
            } finally {
                closeQuietly(w);
                onEnd.run();
            }
        }));
        report.println("ok");
        report.close();
        System.gc(); // idle from here on: give back the heap the start used (MaxHeapFreeRatio)
        return true;
    }

    private static boolean fail(PrintStream report, int code, String message) {
        report.println("error " + code + " " + String.valueOf(message).replace('\n', ' '));
        report.close();
        return false;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing what we opened: nothing to do about a failure
        }
    }

    /**
     * Watches a running container whose monitor died (so this JVM is not its parent and cannot read its
     * exit status): the poller sees its process end through a pidfd, then the exit is recorded as lost
     * (255) and cleaned up, as {@link Reconciler} does. Returns false if another monitor watches it, it
     * has gone already (then it is reconciled here) or was removed; onEnd runs only after true.
     */
    boolean adopt(Container c, LogPoller poller, Runnable onEnd) {
        Watch w;
        try {
            w = Watch.acquire(jrun, c.id(), 0);
        } catch (IOException e) {
            return false; // removed meanwhile (rm -f)
        }
        if (w == null) {
            return false;
        }
        boolean watching = false;
        try {
            Container fresh = jrun.containers().resolve(c.id());
            int pidfd = Reconciler.alive(fresh.state()) ? ProcessSignals.pidfd((int) fresh.state().pid(),
                    fresh.state().pidStartTime()) : -1;
            if (pidfd < 0) {
                jrun.reconciler().reconcileDead(c.id());
                return false;
            }
            poller.watch(new LogPoller.Watched(pidfd, () -> {
                try {
                    Epoll.closeFd(pidfd);
                    jrun.reconciler().reconcileDead(c.id());
                } finally {
                    closeQuietly(w);
                    onEnd.run();
                }
            }));
            watching = true;
            return true;
        } catch (JrunException e) {
            return false; // removed meanwhile; the next jrun command reconciles what is left
        } finally {
            if (!watching) {
                closeQuietly(w);
            }
        }
    }
}
