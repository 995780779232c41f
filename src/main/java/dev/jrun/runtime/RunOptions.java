package dev.jrun.runtime;

import java.util.List;

/**
 * The flags of {@code jrun run} that shape the container, as given on the command line (strings
 * are parsed and checked by SpecBuilder so errors name the flag). Null means "not given".
 *
 * @param command    CMD override (replaces the image's Cmd); null or empty keeps the image's
 * @param entrypoint --entrypoint; "" clears the image's Entrypoint; non-null also drops the image's Cmd
 * @param network    none, host or bridge; null means none (the CLI's run defaults to bridge, as docker)
 */
public record RunOptions(
        List<String> command,
        List<String> env,
        String workdir,
        String user,
        String entrypoint,
        String hostname,
        String memory,
        String memorySwap,
        String cpus,
        Long cpuShares,
        Long pidsLimit,
        List<String> capAdd,
        List<String> capDrop,
        boolean privileged,
        boolean readOnly,
        List<String> volumes,
        boolean tty,
        String network,
        List<String> tmpfs,
        NetworkFlags networkFlags) {

    public RunOptions {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? List.of() : List.copyOf(env);
        capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
        capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tmpfs = tmpfs == null ? List.of() : List.copyOf(tmpfs);
        networkFlags = networkFlags == null ? NetworkFlags.none() : networkFlags;
    }

    /** The constructor before the network flags were added: none of them. */
    public RunOptions(List<String> command, List<String> env, String workdir, String user, String entrypoint,
                      String hostname, String memory, String memorySwap, String cpus, Long cpuShares, Long pidsLimit,
                      List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnly,
                      List<String> volumes, boolean tty, String network, List<String> tmpfs) {
        this(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares, pidsLimit, capAdd,
                capDrop, privileged, readOnly, volumes, tty, network, tmpfs, null);
    }

    public static RunOptions defaults() {
        return new RunOptions(null, null, null, null, null, null, null, null, null, null, null,
                null, null, false, false, null, false, null, null);
    }

    public RunOptions withCommand(List<String> c) {
        return new RunOptions(c, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withEnv(List<String> e) {
        return new RunOptions(command, e, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withUser(String u) {
        return new RunOptions(command, env, workdir, u, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withWorkdir(String w) {
        return new RunOptions(command, env, w, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withEntrypoint(String e) {
        return new RunOptions(command, env, workdir, user, e, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withHostname(String h) {
        return new RunOptions(command, env, workdir, user, entrypoint, h, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withLimits(String mem, String swap, String cpu, Long shares, Long pids) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, mem, swap, cpu, shares,
                pids, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withCaps(List<String> add, List<String> drop, boolean priv) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, add, drop, priv, readOnly, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withReadOnly(boolean ro) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, ro, volumes, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withVolumes(List<String> v) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, v, tty, network, tmpfs, networkFlags);
    }

    public RunOptions withTty(boolean t) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, t, network, tmpfs, networkFlags);
    }

    public RunOptions withNetwork(String n) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, n, tmpfs, networkFlags);
    }

    /** --tmpfs PATH[:OPTIONS]: a tmpfs mounted in the container (docker's defaults rw,nosuid,nodev,noexec). */
    public RunOptions withTmpfs(List<String> t) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, t, networkFlags);
    }

    /** -p, -P, --dns and --add-host. */
    public RunOptions withNetworkFlags(NetworkFlags f) {
        return new RunOptions(command, env, workdir, user, entrypoint, hostname, memory, memorySwap, cpus, cpuShares,
                pidsLimit, capAdd, capDrop, privileged, readOnly, volumes, tty, network, tmpfs, f);
    }
}
