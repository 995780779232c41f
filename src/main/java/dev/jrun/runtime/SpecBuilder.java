package dev.jrun.runtime;

import dev.jrun.JrunException;
import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Linux;
import dev.jrun.runtime.spec.Mount;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Root;
import dev.jrun.runtime.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an image's config and {@code jrun run}'s flags into an OCI runtime spec, as podman does
 * before it calls crun. Pure: the image's /etc/passwd and /etc/group come in as strings.
 */
public final class SpecBuilder {

    /** The image files user resolution needs; null when the image lacks them. */
    public record ImageFiles(String passwd, String group) {
        public static ImageFiles none() {
            return new ImageFiles(null, null);
        }
    }

    private SpecBuilder() {
    }

    /**
     * @param containerId its first 12 characters are the default hostname, as docker does
     * @param hostEnv     where {@code -e NAME} without a value takes its value from
     */
    public static Spec build(ContainerConfig image, RunOptions o, String containerId, ImageFiles files,
            Map<String, String> hostEnv) {
        ContainerConfig img = image == null ? ContainerConfig.empty() : image;
        String hostname = o.hostname() != null ? o.hostname()
                : containerId.substring(0, Math.min(12, containerId.length()));
        UserResolver.ResolvedUser user = UserResolver.resolve(
                o.user() != null ? o.user() : img.user(), files.passwd(), files.group());
        Process.Capabilities caps = capabilities(o, user.uid());
        Process process = new Process(o.tty() ? Boolean.TRUE : null,
                new Process.User(user.uid(), user.gid(), null, user.additionalGids().isEmpty() ? null : user.additionalGids()),
                args(img, o), env(img, o, hostname, user.home(), hostEnv), workdir(img, o), caps, null,
                o.privileged() ? null : Boolean.TRUE);
        List<Mount> mounts = new ArrayList<>(DockerDefaults.mounts(o.privileged()));
        for (String v : o.volumes()) {
            mounts.add(volume(v));
        }
        for (String t : o.tmpfs()) {
            mounts.add(tmpfs(t));
        }
        Linux linux = new Linux(namespaces(o.network()), resources(o), null,
                o.privileged() ? null : DockerDefaults.MASKED_PATHS,
                o.privileged() ? null : DockerDefaults.READONLY_PATHS, null, null);
        return new Spec(Spec.VERSION, process, new Root("rootfs", o.readOnly() ? Boolean.TRUE : null), hostname,
                mounts, null, null, linux);
    }

    /** docker: Entrypoint + Cmd; --entrypoint replaces the Entrypoint and drops the image's Cmd; CMD args replace Cmd. */
    /** Entrypoint + Cmd as docker combines them (--entrypoint drops the image's Cmd; "" clears it). */
    public static List<String> args(ContainerConfig img, RunOptions o) {
        List<String> entrypoint;
        List<String> cmd;
        if (o.entrypoint() != null) {
            entrypoint = o.entrypoint().isEmpty() ? List.of() : List.of(o.entrypoint());
            cmd = List.of();
        } else {
            entrypoint = img.entrypoint() == null ? List.of() : img.entrypoint();
            cmd = img.cmd() == null ? List.of() : img.cmd();
        }
        if (!o.command().isEmpty()) {
            cmd = o.command();
        }
        List<String> args = new ArrayList<>(entrypoint);
        args.addAll(cmd);
        if (args.isEmpty()) {
            throw new JrunException("no command specified: the image has no Entrypoint or Cmd and none was given");
        }
        return args;
    }

    static String workdir(ContainerConfig img, RunOptions o) {
        String w = o.workdir() != null ? o.workdir() : img.workingDir();
        if (w == null || w.isEmpty()) {
            return "/";
        }
        if (!w.startsWith("/")) {
            throw new JrunException("invalid working directory \"" + w + "\": must be an absolute path");
        }
        return w;
    }

    static List<String> env(ContainerConfig img, RunOptions o, String hostname, String home, Map<String, String> hostEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DockerDefaults.PATH);
        env.put("HOSTNAME", hostname);
        if (o.tty()) {
            env.put("TERM", "xterm");
        }
        if (img.env() != null) {
            for (String e : img.env()) {
                put(env, e);
            }
        }
        applyEnvFlags(env, o.env(), hostEnv);
        env.putIfAbsent("HOME", home);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            out.add(e.getKey() + "=" + e.getValue());
        }
        return out;
    }

    /** -e flags onto env: NAME=value sets, NAME alone takes the host's value (and is dropped if unset there). */
    static void applyEnvFlags(Map<String, String> env, List<String> flags, Map<String, String> hostEnv) {
        for (String e : flags) {
            if (e.isEmpty() || e.startsWith("=")) {
                throw new JrunException("invalid environment variable \"" + e + "\": want NAME=value or NAME");
            }
            if (e.indexOf('=') > 0) {
                put(env, e);
            } else if (hostEnv.containsKey(e)) {
                env.put(e, hostEnv.get(e));
            }
        }
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        env.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    /** docker's default set, with --cap-add/--cap-drop (ALL allowed); root gets them effective, others only bounding. */
    static Process.Capabilities capabilities(RunOptions o, long uid) {
        Set<String> caps = new LinkedHashSet<>();
        if (o.privileged()) {
            caps.addAll(CapabilityNames.ALL);
        } else {
            caps.addAll(CapabilityNames.DOCKER_DEFAULT);
            List<String> add = new ArrayList<>();
            for (String c : o.capAdd()) {
                add.add(CapabilityNames.normalize(c));
            }
            List<String> drop = new ArrayList<>();
            for (String c : o.capDrop()) {
                drop.add(CapabilityNames.normalize(c));
            }
            if (drop.contains("ALL")) {
                caps.clear();
            } else {
                caps.removeAll(drop);
            }
            if (add.contains("ALL")) {
                caps.addAll(CapabilityNames.ALL);
            } else {
                caps.addAll(add);
            }
        }
        List<String> sorted = CapabilityNames.names(CapabilityNames.mask(List.copyOf(caps)));
        List<String> eff = uid == 0 ? sorted : List.of();
        return new Process.Capabilities(sorted, eff, List.of(), eff, List.of());
    }

    static List<Linux.Namespace> namespaces(String network) {
        List<Linux.Namespace> ns = new ArrayList<>();
        for (String t : List.of("pid", "ipc", "uts", "mount", "cgroup")) {
            ns.add(new Linux.Namespace(t, null));
        }
        String net = network == null ? "none" : network;
        switch (net) {
            case "none", "bridge" -> ns.add(new Linux.Namespace("network", null));
            case "host" -> { }
            default -> throw new JrunException("network " + net + " not found: want bridge, none or host");
        }
        return ns;
    }

    static Linux.Resources resources(RunOptions o) {
        Linux.Memory memory = null;
        if (o.memory() != null || o.memorySwap() != null) {
            if (o.memory() == null) {
                throw new JrunException("--memory-swap needs --memory");
            }
            long mem = Sizes.memoryBytes("--memory", o.memory());
            if (mem < 6L << 20) {
                throw new JrunException("invalid --memory value \"" + o.memory() + "\": the minimum is 6m");
            }
            Long swap = null;
            if (o.memorySwap() != null) {
                swap = o.memorySwap().strip().equals("-1") ? -1L : Sizes.memoryBytes("--memory-swap", o.memorySwap());
                if (swap != -1 && swap < mem) {
                    throw new JrunException("invalid --memory-swap value \"" + o.memorySwap()
                            + "\": must be at least --memory (it counts memory plus swap)");
                }
            }
            memory = new Linux.Memory(mem, swap);
        }
        Linux.Cpu cpu = null;
        if (o.cpus() != null || o.cpuShares() != null) {
            Long quota = o.cpus() == null ? null : Sizes.cpuQuota(o.cpus());
            cpu = new Linux.Cpu(o.cpuShares(), quota, quota == null ? null : Sizes.CPU_PERIOD_US);
        }
        Linux.Pids pids = null;
        if (o.pidsLimit() != null && o.pidsLimit() > 0) {
            pids = new Linux.Pids(o.pidsLimit());
        }
        Linux.Resources r = new Linux.Resources(memory, cpu, pids);
        return r.nothingSet() ? null : r;
    }

    /** -v /host:/ctr[:ro|rw]; named volumes are not supported yet. */
    static Mount volume(String v) {
        String[] p = v.split(":", -1);
        if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new JrunException("invalid volume \"" + v + "\": want HOST-PATH:CONTAINER-PATH[:ro]");
        }
        if (!p[0].startsWith("/")) {
            throw new JrunException("invalid volume \"" + v + "\": named volumes are not supported; give an absolute host path");
        }
        if (!p[1].startsWith("/")) {
            throw new JrunException("invalid volume \"" + v + "\": the container path must be absolute");
        }
        String mode = p.length == 3 ? p[2] : "rw";
        if (!mode.equals("ro") && !mode.equals("rw")) {
            throw new JrunException("invalid volume \"" + v + "\": mode \"" + mode + "\" is not ro or rw");
        }
        return new Mount(p[1], "bind", p[0], List.of("rbind", mode));
    }

    /** --tmpfs /path[:opt,opt]: docker mounts it rw,nosuid,nodev,noexec unless the options say otherwise. */
    static Mount tmpfs(String t) {
        int colon = t.indexOf(':');
        String path = colon < 0 ? t : t.substring(0, colon);
        if (!path.startsWith("/") || path.equals("/")) {
            throw new JrunException("invalid --tmpfs \"" + t + "\": the container path must be absolute and not /");
        }
        List<String> opts = new ArrayList<>(List.of("rw", "nosuid", "nodev", "noexec"));
        if (colon >= 0) {
            for (String o : t.substring(colon + 1).split(",")) {
                if (o.isEmpty()) {
                    continue;
                }
                String base = o.replaceFirst("^no", "");
                opts.removeIf(x -> x.equals(o) || x.equals("no" + o) || x.equals(base) && o.startsWith("no")
                        || (o.equals("ro") && x.equals("rw")) || (o.equals("rw") && x.equals("ro")));
                if (o.equals("exec")) {
                    opts.remove("noexec");
                }
                if (o.equals("dev")) {
                    opts.remove("nodev");
                }
                if (o.equals("suid")) {
                    opts.remove("nosuid");
                }
                if (!o.equals("exec") && !o.equals("dev") && !o.equals("suid")) {
                    opts.add(o);
                }
            }
        }
        return new Mount(path, "tmpfs", "tmpfs", opts);
    }
}
