package dev.jrun.network;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Calls CNI plugins as the spec says: the plugin binary found in the plugin directories, CNI_COMMAND,
 * CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME and CNI_PATH in its environment, its configuration on stdin,
 * its result (or error object) on stdout. A conflist's ADD chains each plugin's result into the next
 * one's prevResult; DEL runs the plugins in reverse with the ADD's result. Every call is time-limited.
 */
public final class CniPlugins {
    public static final String IFNAME = "eth0";
    private final List<Path> dirs;
    private final long timeoutMillis;
    private final PrintStream explain;

    /** @param explain where each call is described (--explain), or null */
    public CniPlugins(List<Path> dirs, long timeoutMillis, PrintStream explain) {
        this.dirs = List.copyOf(dirs);
        this.timeoutMillis = timeoutMillis;
        this.explain = explain;
    }

    /** ADD of every plugin of the list in order; returns the last result. */
    public Map<String, Object> add(CniConfig conf, String containerId, String netns, List<PortMapping> ports) {
        return add(conf, containerId, netns, ports, r -> { });
    }

    /**
     * ADD of every plugin in order; afterFirst gets the first plugin's result (the interface and its
     * address exist from then on), so work in the container's netns can overlap the later plugins.
     */
    public Map<String, Object> add(CniConfig conf, String containerId, String netns, List<PortMapping> ports,
                                   java.util.function.Consumer<Map<String, Object>> afterFirst) {
        return add(conf, containerId, netns, ports, afterFirst, r -> { });
    }

    /**
     * As above; beforeNext gets the chain's result so far each time another plugin is about to run. DEL
     * needs the last result the chain reached: a plugin that already added rules keyed by the container's
     * address (firewall) finds them only through it, so a caller that may be killed mid-chain records it.
     */
    public Map<String, Object> add(CniConfig conf, String containerId, String netns, List<PortMapping> ports,
                                   java.util.function.Consumer<Map<String, Object>> afterFirst,
                                   java.util.function.Consumer<Map<String, Object>> beforeNext) {
        Map<String, Object> prev = null;
        boolean first = true;
        for (int i = 0; i < conf.plugins().size(); i++) {
            if (!conf.skipped(i, ports)) {
                if (prev != null) {
                    beforeNext.accept(prev);
                }
                prev = call("ADD", conf, i, containerId, netns, prev, ports);
                if (first && prev != null) {
                    afterFirst.accept(prev);
                }
                first = false;
            }
        }
        return prev;
    }

    /** DEL of every plugin in reverse order; all are tried, the first error is thrown after the others ran. */
    public void del(CniConfig conf, String containerId, String netns, Map<String, Object> result,
                    List<PortMapping> ports) {
        JrunException first = null;
        for (int i = conf.plugins().size() - 1; i >= 0; i--) {
            if (conf.skipped(i, ports)) {
                continue;
            }
            try {
                call("DEL", conf, i, containerId, netns, result, ports);
            } catch (JrunException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The plugin binary for type, or an error naming the directories searched. */
    public Path find(String type) {
        for (Path d : dirs) {
            Path p = d.resolve(type);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new JrunException("CNI plugin \"" + type + "\" not found in " + dirs
                + " (install containernetworking-plugins: scripts/setup)");
    }

    /** The environment of a plugin call (the caller's PATH kept: plugins run iptables). */
    public Map<String, String> env(String command, String containerId, String netns) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Map.of("CNI_COMMAND", command, "CNI_CONTAINERID", containerId, "CNI_NETNS", netns,
                "CNI_IFNAME", IFNAME, "CNI_PATH", String.join(":", dirs.stream().map(Path::toString).toList()),
                "PATH", path + ":/usr/sbin:/sbin");
    }

    private Map<String, Object> call(String command, CniConfig conf, int i, String containerId, String netns,
                                     Map<String, Object> prev, List<PortMapping> ports) {
        String type = conf.pluginType(i);
        Path bin = find(type);
        byte[] stdin = conf.pluginStdin(i, prev, ports);
        if (explain != null) {
            explain.println("  net  CNI " + command + " " + type + " (" + bin + ", CNI_NETNS=" + netns + "): "
                    + new String(stdin, StandardCharsets.UTF_8));
        }
        ProcessBuilder pb = new ProcessBuilder(bin.toString());
        pb.environment().clear();
        pb.environment().putAll(env(command, containerId, netns));
        String what = "CNI " + command + " of plugin " + type + " for container " + containerId.substring(0, Math.min(12,
                containerId.length()));
        Output out;
        try {
            Process p = pb.start();
            Output o = Output.read(p.getInputStream());
            Output e = Output.read(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            } catch (IOException ignored) {
                // a plugin that exits without reading stdin reports why on stdout
            }
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new JrunException(what + ": no answer within " + timeoutMillis + " ms; killed it");
            }
            out = o.joined();
            String err = e.joined().text().strip();
            if (p.exitValue() != 0) {
                throw new JrunException(what + " failed (exit " + p.exitValue() + "): " + errorMessage(out.text(), err));
            }
        } catch (IOException ex) {
            throw new JrunException(what + ": " + ex.getMessage(), ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new JrunException(what + ": interrupted", ex);
        }
        dev.jrun.Timing.mark("CNI " + command + " " + type + " done");
        if (command.equals("DEL") || out.text().isBlank()) {
            return prev;
        }
        if (!(Json.parse(out.bytes(), "result of " + what) instanceof Map<?, ?> m)) {
            throw new JrunException("result of " + what + " is not a JSON object: " + out.text().strip());
        }
        Map<String, Object> r = CniConfig.copy(m);
        if (explain != null) {
            explain.println("  net  -> " + new String(Json.bytes(r), StandardCharsets.UTF_8));
        }
        return r;
    }

    /** The CNI error object's msg and details, else whatever the plugin printed. */
    static String errorMessage(String stdout, String stderr) {
        try {
            if (Json.parse(stdout.getBytes(StandardCharsets.UTF_8), "CNI error") instanceof Map<?, ?> n
                    && n.containsKey("msg")) {
                String d = n.get("details") instanceof String s ? s : "";
                return String.valueOf(n.get("msg")) + (d.isEmpty() ? "" : " (" + d + ")")
                        + (n.get("code") instanceof Number c ? " [CNI error " + c.intValue() + "]" : "");
            }
        } catch (JrunException notJson) {
            // fall through to the raw text
        }
        List<String> parts = new ArrayList<>();
        if (!stdout.isBlank()) {
            parts.add(stdout.strip());
        }
        if (!stderr.isBlank()) {
            parts.add(stderr);
        }
        return parts.isEmpty() ? "no message" : String.join("; ", parts);
    }

    /** A stream read to its end on a thread of its own, so a chatty plugin never blocks on a full pipe. */
    private static final class Output extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        private Output(InputStream in) {
            super("cni-output");
            this.in = in;
            setDaemon(true);
        }

        static Output read(InputStream in) {
            Output o = new Output(in);
            o.start();
            return o;
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process died: what was read is what there is
            }
        }

        Output joined() throws InterruptedException {
            join(5000);
            return this;
        }

        byte[] bytes() {
            synchronized (buf) {
                return buf.toByteArray();
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }
    }
}
