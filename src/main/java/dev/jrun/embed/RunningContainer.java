package dev.jrun.embed;

import dev.jrun.JrunException;
import dev.jrun.api.OwnedContainers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A container started by {@link Jrun#start}: its ports, logs and lifecycle. {@link #close()} kills it and
 * removes it with everything it had (writable layer, mounts, cgroup, log); closing twice is harmless, and
 * containers not closed are removed when the JVM exits. Thread-safe.
 */
public final class RunningContainer implements WaitTarget, AutoCloseable {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(15);
    private final Jrun owner;
    private final String id;
    private final String name;
    private final ContainerSpec spec;
    private final Map<Integer, Integer> ports;
    private final CompletableFuture<Integer> exit;
    private final AtomicBoolean closed = new AtomicBoolean();

    RunningContainer(Jrun owner, String id, String name, ContainerSpec spec, Map<Integer, Integer> ports,
                     CompletableFuture<Integer> exit) {
        this.owner = owner;
        this.id = id;
        this.name = name;
        this.spec = spec;
        this.ports = Map.copyOf(ports);
        this.exit = exit;
    }

    /** The container's id (64 hex digits), as {@code jrun ps --no-trunc} shows it. */
    public String id() {
        return id;
    }

    /** The container's name (given, or generated). */
    public String name() {
        return name;
    }

    /** The spec it was started from. */
    public ContainerSpec spec() {
        return spec;
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    @Override
    public int mappedPort(int containerPort) {
        Integer p = ports.get(containerPort);
        if (p == null) {
            throw new IllegalArgumentException("port " + containerPort + " of container " + name
                    + " is not published; published: " + publishedPorts());
        }
        return p;
    }

    @Override
    public List<Integer> publishedPorts() {
        List<Integer> out = new ArrayList<>();
        spec.ports().forEach(b -> out.add(b.containerPort()));
        return out;
    }

    @Override
    public String logs() {
        return ContainerLog.read(owner.engine(), id).text();
    }

    /** The last n lines of the log. */
    public List<String> logTail(int n) {
        return ContainerLog.read(owner.engine(), id).tail(n);
    }

    /**
     * Hands each log line (without its newline) to onLine as the container writes it, from the first line,
     * on a thread of its own, until the container exits or the follower is closed.
     */
    public LogFollower followLogs(Consumer<String> onLine) {
        return LogFollower.start(owner.engine(), id, name, onLine, this::isRunning);
    }

    /**
     * Runs a command in the running container (its namespaces, cgroups, environment and user, as
     * {@code docker exec}) and waits for it. A command that is not found gives exit code 127 (126: not
     * executable) with the reason on stderr; a container that is not running is an error.
     */
    @Override
    public ExecResult exec(String... command) {
        return ExecCall.run(owner.engine(), id, name, List.of(command));
    }

    /**
     * Copies a host file into the running container (created or replaced, parent directories must exist).
     * The file is written from inside the container ({@code cat}, so the image needs a shell and cat), so
     * symlinks in containerPath resolve in the container's filesystem, never on the host.
     */
    public void copyFileTo(Path hostFile, String containerPath) {
        if (!Files.isRegularFile(hostFile)) {
            throw new JrunException("copy " + hostFile + " into container " + name + ": no such file");
        }
        ExecResult r = ExecCall.run(owner.engine(), id, name, List.of("sh", "-c", "cat > \"$1\"", "sh", containerPath),
                hostFile).text();
        if (!r.succeeded()) {
            throw new JrunException("copy " + hostFile + " to " + containerPath + " in container " + name + ": "
                    + r.stderr().strip());
        }
    }

    /** The content of a file in the running container (read from inside it with {@code cat}). */
    public byte[] copyFileFrom(String containerPath) {
        ExecCall.Raw r = ExecCall.run(owner.engine(), id, name, List.of("cat", containerPath), Path.of("/dev/null"));
        if (r.exitCode() != 0) {
            throw new JrunException("copy " + containerPath + " from container " + name + ": " + r.text().stderr().strip());
        }
        return r.stdout();
    }

    @Override
    public Optional<Integer> exitCode() {
        if (!exit.isDone()) {
            return Optional.empty();
        }
        try {
            return Optional.of(exit.join());
        } catch (RuntimeException e) {
            return Optional.of(255); // the runner failed after the start; the container is gone
        }
    }

    /** True while the container's main process runs. */
    public boolean isRunning() {
        return !exit.isDone();
    }

    /** Blocks until the container's main process exits; returns its exit code (128+signal if killed). */
    public int waitFor() {
        return exit.join();
    }

    /** As {@link #waitFor()}, at most timeout; empty if it still runs then. */
    public Optional<Integer> waitFor(Duration timeout) {
        try {
            return Optional.of(exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            return exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while waiting for container " + name, e);
        }
    }

    /**
     * docker stop: the image's stop signal (SIGTERM by default), SIGKILL after timeout, then waits for the
     * exit. The stopped container keeps its logs and exit code until {@link #close()}.
     */
    public void stop(Duration timeout) {
        if (isRunning()) {
            owner.engine().lifecycle().stop(id, (int) Math.max(0, timeout.toSeconds()));
            waitFor(EXIT_WAIT);
        }
    }

    /** Sends SIGKILL to the container's main process. */
    public void kill() {
        kill("KILL");
    }

    /** Sends a signal (a name such as {@code TERM} or {@code SIGHUP}, or a number); nothing if it has exited. */
    public void kill(String signal) {
        if (isRunning()) {
            try {
                owner.engine().lifecycle().kill(id, signal);
            } catch (JrunException e) {
                if (isRunning()) {
                    throw e;
                }
            }
        }
    }

    /** Kills the container if it runs and removes it with everything it had; harmless if already closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            kill();
            if (waitFor(EXIT_WAIT).isEmpty()) {
                throw new ContainerLaunchException("container " + name + " did not exit within "
                        + PollingWait.human(EXIT_WAIT) + " of SIGKILL");
            }
        } finally {
            OwnedContainers.remove(owner.engine(), id);
            owner.forget(this);
        }
    }

    @Override
    public String toString() {
        return "container " + name + " (" + spec + ")";
    }
}
