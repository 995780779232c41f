package dev.jrun.api;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import dev.jrun.linux.HostProbe;
import dev.jrun.linux.Netns;
import dev.jrun.network.CniConfig;
import dev.jrun.network.CniPlugins;
import dev.jrun.network.CniResult;
import dev.jrun.network.LinkCongestion;
import dev.jrun.network.NetworkRules;
import dev.jrun.network.NetworkRecord;
import dev.jrun.network.PortAllocator;
import dev.jrun.network.PortMapping;
import dev.jrun.network.PortSpecs;
import dev.jrun.network.RuleDump;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.RunOptions;
import dev.jrun.store.AtomicFiles;
import dev.jrun.store.StoreLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's bridge network: ports checked and recorded before anything is set up, the netns
 * handle, CNI ADD while the container waits before exec, and {@link #release} (CNI DEL, handle
 * removed, record deleted), the one teardown every exit path calls.
 */
public final class ContainerNetwork {
    static final String RECORD = "network.json";
    /**
     * Per plugin call; a hung plugin is killed after this (JRUN_CNI_TIMEOUT_MS overrides). Read when a
     * network needs it, not in the class's initialization: reading the environment builds the JDK's map
     * of it (~1 ms interpreted), and every run touches this class, also one with --network none.
     */
    static long timeoutMs() {
        return Long.parseLong(System.getenv().getOrDefault("JRUN_CNI_TIMEOUT_MS", "30000"));
    }
    private static final Path DEFAULT_STORE = Path.of("/var/lib/jrun");

    private final Jrun jrun;
    private final Container container;
    private final PrintStream explain;
    private NetworkRecord record;

    private ContainerNetwork(Jrun jrun, Container c, PrintStream explain, NetworkRecord record) {
        this.jrun = jrun;
        this.container = c;
        this.explain = explain;
        this.record = record;
    }

    /** The network config file jrun owns for the default network ({@code bridge}); written with defaults if missing. */
    public static Path conflistPath(Jrun jrun) {
        return jrun.paths().root().resolve("networks").resolve("bridge.conflist");
    }

    public static CniConfig bridgeConfig(Jrun jrun) {
        Path p = conflistPath(jrun);
        try {
            if (!Files.exists(p)) {
                Files.createDirectories(p.getParent());
                AtomicFiles.write(p, CniConfig.bridge(CniConfig.DEFAULT_NAME, CniConfig.DEFAULT_BRIDGE,
                        CniConfig.DEFAULT_SUBNET).toJson());
            }
            return CniConfig.parse(Files.readAllBytes(p), "network config " + p);
        } catch (IOException e) {
            throw new JrunException("read network config " + p + ": " + e.getMessage(), e);
        }
    }

    /** Where the container's netns handle is bind-mounted: /run/jrun/netns for the default store. */
    static Path netnsHandle(Jrun jrun, String id) {
        Path root = jrun.paths().root();
        Path dir = root.equals(DEFAULT_STORE) ? Path.of("/run/jrun/netns") : root.resolve("run").resolve("netns");
        return dir.resolve(id);
    }

    /** The netns handle's path as inspect shows it (SandboxKey). */
    public static String sandboxKey(Jrun jrun, String id) {
        return netnsHandle(jrun, id).toString();
    }

    static Path recordPath(Jrun jrun, String id) {
        return jrun.paths().container(id).resolve(RECORD);
    }

    /** The container's network record, or null when it has none (not on bridge, or not running). */
    public static NetworkRecord read(Jrun jrun, String id) {
        Path p = recordPath(jrun, id);
        try {
            return Files.exists(p) ? Json.read(Files.readAllBytes(p), NetworkRecord.class, "network record " + p) : null;
        } catch (IOException e) {
            return null; // removed meanwhile
        }
    }

    /**
     * For --network bridge: the ports checked against other containers and the host and completed, and
     * recorded before anything is set up. Null for other networks.
     */
    static ContainerNetwork prepare(Jrun jrun, Container c, RunOptions o, Map<String, Object> exposed,
                                    PrintStream explain) {
        String net = o.network() == null ? "none" : o.network();
        List<PortMapping> wanted = new ArrayList<>();
        for (String p : o.networkFlags().publish()) {
            wanted.addAll(PortSpecs.parse(p));
        }
        if (o.networkFlags().publishAll()) {
            wanted.addAll(PortSpecs.exposed(exposed));
        }
        if (!net.equals("bridge")) {
            if (!wanted.isEmpty() && !net.equals("host")) {
                throw new JrunException("-p needs --network bridge (the container has network " + net + ")");
            }
            return null; // docker ignores -p with --network host
        }
        CniConfig conf = bridgeConfig(jrun);
        CniPlugins plugins = plugins(explain);
        for (int i = 0; i < conf.plugins().size(); i++) {
            plugins.find(conf.pluginType(i)); // every plugin there before anything is set up
        }
        Path handle = netnsHandle(jrun, c.id());
        try (StoreLock l = StoreLock.exclusive(jrun.paths().root().resolve("networks").resolve("ports.lock"))) {
            List<PortMapping> ports = PortAllocator.host().allocate(wanted, takenByOthers(jrun, c.id()));
            NetworkRecord r = NetworkRecord.of("bridge", conf, handle.toString(), ports);
            write(jrun, c.id(), r);
            return new ContainerNetwork(jrun, c, explain, r);
        }
    }

    private static List<PortMapping> takenByOthers(Jrun jrun, String self) {
        List<PortMapping> taken = new ArrayList<>();
        for (Container o : jrun.containers().list()) {
            NetworkRecord r = o.id().equals(self) ? null : read(jrun, o.id());
            if (r != null) {
                taken.addAll(r.ports());
            }
        }
        return taken;
    }

    /** CNI ADD into the netns of pid (the container waiting before exec); on failure everything is undone. */
    void attach(int pid) {
        OnLinkRoute route = new OnLinkRoute();
        try {
            if (Netns.enableForwarding() && explain != null) {
                explain.println("  net  sysctl net.ipv4.ip_forward=1 (was 0; the bridge's NAT needs it)");
            }
            Path handle = Path.of(record.netns());
            if (explain != null) {
                explain.println("  net  mount --bind /proc/" + pid + "/ns/net " + handle);
            }
            Netns.bind(pid, handle);
            // the network's own rules are checked (and added by the first container) while the plugins run
            NetworkRules rules = record.config().networkRules();
            java.util.concurrent.FutureTask<Void> ruled = new java.util.concurrent.FutureTask<>(() -> {
                ensure(rules);
                return null;
            });
            if (rules != null) {
                Thread t = new Thread(ruled, "jrun-net-rules");
                t.setDaemon(true);
                t.start();
            }
            // the route is changed in the container's netns while the host's plugins (portmap, firewall) run
            // the result so far is recorded before each further plugin (without fsync: the rules it lets DEL
            // find do not outlive a reboot either), so a jrun killed mid-chain leaves enough for the next one
            Map<String, Object> result = plugins(explain).add(record.config(), container.id(), handle.toString(),
                    record.ports(), first -> route.start(handle.toString(), first),
                    partial -> writeVolatile(jrun, container.id(), record.withResult(partial, null)));
            CniResult a = CniResult.parse(result, CniPlugins.IFNAME);
            record = record.withResult(result, a);
            write(jrun, container.id(), record);
            route.finish();
            if (rules != null) {
                joined(ruled); // the container runs only once its traffic is forwarded and masqueraded
            }
            if (explain != null) {
                explain.println("  net  address " + a.ip() + "/" + a.prefixLen() + " via " + a.gateway() + " (mac "
                        + a.mac() + ") on " + record.config().bridgeName() + "; ports " + record.ports());
                explainRules();
            }
        } catch (RuntimeException e) {
            try {
                route.finish();
                release(jrun, container);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A task's end, its exception thrown as it was (the container must not run without the network's rules). */
    private static void joined(java.util.concurrent.FutureTask<Void> task) {
        try {
            task.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new JrunException(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException("interrupted while adding the network's rules", e);
        }
    }

    /**
     * Adds whichever of the network's rules are missing, under a host-wide lock (the rules are the host's,
     * whatever jrun store starts the container), so that two first containers do not add them twice.
     */
    private void ensure(NetworkRules rules) {
        try {
            Files.createDirectories(RULES_LOCK.getParent());
        } catch (IOException e) {
            throw new JrunException("create " + RULES_LOCK.getParent() + ": " + e.getMessage(), e);
        }
        try (StoreLock l = StoreLock.exclusive(RULES_LOCK)) {
            for (NetworkRules.Rule r : rules.rules()) {
                Iptables check = Iptables.run(r.check());
                if (check.code() == 0) {
                    if (explain != null) {
                        explain.println("  net  " + shellWords(r.check()) + "   (the network's rule: there)");
                    }
                    continue;
                }
                if (check.code() != 1) {
                    throw new JrunException("check the rule of network " + rules.network() + " (" + String.join(" ", r.check())
                            + "): " + check.output());
                }
                Iptables added = Iptables.run(r.add());
                if (added.code() != 0) {
                    throw new JrunException("add the rule of network " + rules.network() + " (" + String.join(" ", r.add())
                            + "): " + added.output());
                }
                if (explain != null) {
                    explain.println("  net  " + shellWords(r.add()) + "   (the network's rule, added once)");
                }
            }
        }
    }

    /** A command as a shell would take it back: words with spaces or quotes in single quotes. */
    static String shellWords(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String w : command) {
            sb.append(sb.length() == 0 ? "" : " ");
            sb.append(w.matches("[A-Za-z0-9_./:,=+@%-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    private static final Path RULES_LOCK = Path.of("/run/jrun/network-rules.lock");

    /** One iptables run: its exit code and what it printed; time-limited like a plugin. */
    private record Iptables(int code, String output) {
        static Iptables run(List<String> command) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
            try {
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(timeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new JrunException(String.join(" ", command) + ": no answer within " + timeoutMs() + " ms; killed it");
                }
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
                return new Iptables(p.exitValue(), out);
            } catch (IOException e) {
                throw new JrunException(String.join(" ", command) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JrunException(String.join(" ", command) + ": interrupted", e);
            }
        }
    }

    /**
     * The container's on-link route given CUBIC where the host's default is BBR ({@link LinkCongestion}
     * says why): a process started once the bridge plugin made the interface, waited for after the last
     * plugin. A failure costs throughput, not the container: --explain tells it.
     */
    private final class OnLinkRoute {
        private static final Path DEFAULT_CC = Path.of("/proc/sys/net/ipv4/tcp_congestion_control");
        private static final Path AVAILABLE_CC = Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");
        private Process process;
        private List<String> command;

        void start(String handle, Map<String, Object> firstResult) {
            try {
                if (!LinkCongestion.wanted(Files.readString(DEFAULT_CC), Files.readString(AVAILABLE_CC))) {
                    return;
                }
                command = LinkCongestion.command(handle, CniPlugins.IFNAME, CniResult.parse(firstResult, CniPlugins.IFNAME));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
                process = pb.start();
            } catch (IOException | RuntimeException e) {
                note("not set: " + e.getMessage());
            }
        }

        void finish() {
            Process p = process;
            process = null;
            if (p == null) {
                return;
            }
            try {
                if (!p.waitFor(timeoutMs(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    note("no answer within " + timeoutMs() + " ms; killed it");
                } else if (p.exitValue() != 0) {
                    note("failed (exit " + p.exitValue() + "): "
                            + new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip());
                } else if (explain != null) {
                    explain.println("  net  " + String.join(" ", command) + "   (the host's default congestion control"
                            + " is BBR; the bridge link gets " + LinkCongestion.ALGORITHM + ")");
                }
            } catch (IOException e) {
                note(e.getMessage());
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private void note(String what) {
            if (explain != null) {
                explain.println("  net  on-link route's congestion control " + what);
            }
        }
    }

    /** The NAT and filter rules the plugins added for this container, as iptables-save prints them. */
    private void explainRules() {
        for (String table : List.of("nat", "filter")) {
            try {
                Process p = new ProcessBuilder("iptables-save", "-t", table).redirectErrorStream(true).start();
                String dump = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                p.waitFor();
                for (String rule : RuleDump.forContainer(dump, container.id())) {
                    explain.println("  net  iptables -t " + table + " " + rule);
                }
            } catch (IOException e) {
                explain.println("  net  (iptables-save -t " + table + " failed: " + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    NetworkRecord record() {
        return record;
    }

    /**
     * Undoes whatever the container's network record says was set up: CNI DEL (veth, address, NAT and
     * port rules, IPAM lease), the netns handle, the record. Nothing to do without a record; safe to call
     * twice and from any exit path (foreground exit, monitor, rm -f, reconcile of a killed jrun).
     */
    public static void release(Jrun jrun, Container c) {
        NetworkRecord r = read(jrun, c.id());
        if (r == null) {
            return;
        }
        try {
            plugins(null).del(r.config(), c.id(), r.netns(), r.result(), r.ports());
        } finally {
            Netns.release(Path.of(r.netns()));
        }
        try {
            Files.deleteIfExists(recordPath(jrun, c.id()));
        } catch (IOException e) {
            throw new JrunException("delete " + recordPath(jrun, c.id()) + ": " + e.getMessage(), e);
        }
    }

    /** JRUN_CNI_PATH (colon-separated) is searched before the standard plugin directories. */
    private static CniPlugins plugins(PrintStream explain) {
        List<Path> dirs = new ArrayList<>();
        String extra = System.getenv("JRUN_CNI_PATH");
        if (extra != null && !extra.isBlank()) {
            for (String d : extra.split(":")) {
                dirs.add(Path.of(d));
            }
        }
        dirs.addAll(HostProbe.CNI_DIRS);
        return new CniPlugins(dirs, timeoutMs(), explain);
    }

    private static void writeVolatile(Jrun jrun, String id, NetworkRecord r) {
        try {
            AtomicFiles.writeVolatile(recordPath(jrun, id), r.toJson());
        } catch (IOException e) {
            throw new JrunException("write network record of container " + id + ": " + e.getMessage(), e);
        }
    }

    private static void write(Jrun jrun, String id, NetworkRecord r) {
        try {
            AtomicFiles.write(recordPath(jrun, id), r.toJson());
        } catch (IOException e) {
            throw new JrunException("write network record of container " + id + ": " + e.getMessage(), e);
        }
    }
}
