package dev.jrun.embed;

import dev.jrun.JrunException;
import dev.jrun.api.ContainerNetwork;
import dev.jrun.api.ContainerRunner;
import dev.jrun.api.InProcessRunner;
import dev.jrun.api.OwnedContainers;
import dev.jrun.linux.LinuxSupport;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.NetworkFlags;
import dev.jrun.runtime.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embeddable jrun: images and containers from Java, without a daemon, a socket or a reaper container.
 * Containers run as children of this JVM; each is labeled with this JVM's pid and start time, removed by
 * {@link RunningContainer#close()}, by {@link #close()}, or at the latest when the JVM exits (a shutdown
 * hook). If the JVM is killed, the next {@code Jrun} or {@code jrun} command on the same store removes them.
 *
 * <pre>{@code
 * try (Jrun jrun = Jrun.withRoot(Path.of("/tmp/jrun-store"))) {
 *     jrun.images().load(Path.of("busybox.tar"));
 *     try (RunningContainer web = jrun.start(ContainerSpec.of("busybox:latest")
 *             .withCommand("httpd", "-f", "-p", "8080").publish(8080)
 *             .waitingFor(Wait.forHttp("/").forStatusCode(404)))) {
 *         int port = web.mappedPort(8080);
 *     }
 * }
 * }</pre>
 *
 * Thread-safe: tests may start containers from many threads at once.
 */
public final class Jrun implements AutoCloseable {
    private static final String DEFAULT_ROOT = "/var/lib/jrun";
    private final dev.jrun.api.Jrun engine;
    private final Images images;
    private final Set<RunningContainer> live = ConcurrentHashMap.newKeySet();

    private Jrun(dev.jrun.api.Jrun engine) {
        this.engine = engine;
        this.images = new Images(engine);
    }

    /** The machine's store: {@code $JRUN_ROOT}, else {@code /var/lib/jrun}, as the {@code jrun} command uses. */
    public static Jrun local() {
        String env = System.getenv("JRUN_ROOT");
        return withRoot(Path.of(env != null && !env.isEmpty() ? env : DEFAULT_ROOT));
    }

    /**
     * The store at root (created if missing). Fails at once, saying what is missing, on a host where jrun
     * cannot run containers (not Linux, an old kernel, not root). Removes the containers left behind by
     * killed JVMs.
     */
    public static Jrun withRoot(Path root) {
        String cause = LinuxSupport.unavailabilityCause();
        if (cause != null) {
            throw new JrunException("jrun cannot run containers here: " + cause);
        }
        dev.jrun.api.Jrun engine = dev.jrun.api.Jrun.withRoot(root.toAbsolutePath());
        engine.reconciler().reconcileAll(); // includes OwnedContainers.removeOrphans
        Jrun j = new Jrun(engine);
        ShutdownCleanup.register(j);
        return j;
    }

    /** The store's directory. */
    public Path root() {
        return engine.paths().root();
    }

    /** The images in the store: load, pull, build, list, remove. */
    public Images images() {
        return images;
    }

    /**
     * Creates and starts a container, then waits until its {@link ContainerSpec#waitingFor wait strategy}
     * says it is ready. On any failure the container is removed and {@link ContainerLaunchException} says
     * what failed, naming the image and command, with the container's last log lines.
     */
    public RunningContainer start(ContainerSpec spec) {
        Network net = spec.network() != null ? spec.network() : Network.BRIDGE;
        List<String> publish = PortPlan.publishFlags(spec.ports(), net);
        if (engine.images().find(spec.image()).isEmpty()) {
            throw new ContainerLaunchException("no such image " + spec.image() + " in the store " + root()
                    + ": load it (images().load), build it (images().build) or pull it (images().pull) first");
        }
        List<String> env = new ArrayList<>();
        spec.env().forEach((k, v) -> env.add(k + "=" + v));
        RunOptions o = RunOptions.defaults().withCommand(spec.command()).withEnv(env).withWorkdir(spec.workdir())
                .withUser(spec.user()).withEntrypoint(spec.entrypoint()).withHostname(spec.hostname())
                .withLimits(spec.memory(), null, null, null, null).withVolumes(spec.volumes())
                .withNetwork(net.mode()).withNetworkFlags(new NetworkFlags(publish, false, null, null));
        ContainerRunner.Request r = new ContainerRunner.Request(spec.image(), spec.name(), o, false, null);
        Container c;
        try {
            c = engine.runner().create(r, OwnedContainers.ownedByThisProcess());
        } catch (JrunException e) {
            throw new ContainerLaunchException("create a container (" + spec + "): " + e.getMessage(), e);
        }
        CompletableFuture<Integer> exit;
        try {
            exit = new InProcessRunner(engine).start(c, r);
        } catch (RuntimeException e) {
            String tail = ContainerLog.describeTail(ContainerLog.read(engine, c.id()).tail(20));
            OwnedContainers.remove(engine, c.id());
            throw new ContainerLaunchException("start container " + c.name() + " (" + spec + "): " + e.getMessage()
                    + tail, e);
        }
        Map<Integer, Integer> ports;
        try {
            ports = PortPlan.mapped(spec.ports(), net, ContainerNetwork.read(engine, c.id()));
        } catch (ContainerLaunchException e) {
            new RunningContainer(this, c.id(), c.name(), spec, Map.of(), exit).close();
            throw e;
        }
        RunningContainer rc = new RunningContainer(this, c.id(), c.name(), spec, ports, exit);
        live.add(rc);
        ShutdownCleanup.register(this);
        try {
            spec.waitStrategy().waitUntilReady(rc);
        } catch (RuntimeException e) {
            String tail = ContainerLog.describeTail(rc.logTail(20));
            try {
                rc.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new ContainerLaunchException("container " + c.name() + " (" + spec + ") did not become ready: "
                    + e.getMessage() + tail, e);
        }
        return rc;
    }

    /** The containers started here and not closed yet. */
    public List<RunningContainer> containers() {
        return List.copyOf(live);
    }

    /** Removes every container started through this instance that is not closed yet. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RunningContainer c : List.copyOf(live)) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        ShutdownCleanup.unregister(this);
        if (first != null) {
            throw first;
        }
    }

    void forget(RunningContainer c) {
        live.remove(c);
    }

    dev.jrun.api.Jrun engine() {
        return engine;
    }
}
