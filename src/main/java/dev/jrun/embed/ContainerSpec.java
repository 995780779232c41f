package dev.jrun.embed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: an image and the settings docker run takes, built fluently. A spec is immutable: every
 * {@code with...} returns a new spec, so one spec can be shared between tests running in parallel and
 * started many times.
 *
 * <pre>{@code
 * ContainerSpec web = ContainerSpec.of("busybox:latest")
 *         .withCommand("httpd", "-f", "-p", "8080")
 *         .publish(8080)
 *         .waitingFor(Wait.forHttp("/").forStatusCode(200));
 * try (RunningContainer c = jrun.start(web)) { ... }
 * }</pre>
 */
public final class ContainerSpec {
    private String image;
    private List<String> command = List.of();
    private String entrypoint;
    private Map<String, String> env = Map.of();
    private String workdir;
    private String user;
    private String hostname;
    private List<String> volumes = List.of();
    private List<PortBinding> ports = List.of();
    private String memory;
    private Network network;
    private String name;
    private WaitStrategy wait = Wait.none();

    private ContainerSpec() {
    }

    /** A spec for image (a name such as {@code busybox:latest} or an image id); the image's defaults apply. */
    public static ContainerSpec of(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("a container needs an image name");
        }
        ContainerSpec s = new ContainerSpec();
        s.image = image;
        return s;
    }

    private ContainerSpec copy() {
        ContainerSpec s = new ContainerSpec();
        s.image = image;
        s.command = command;
        s.entrypoint = entrypoint;
        s.env = env;
        s.workdir = workdir;
        s.user = user;
        s.hostname = hostname;
        s.volumes = volumes;
        s.ports = ports;
        s.memory = memory;
        s.network = network;
        s.name = name;
        s.wait = wait;
        return s;
    }

    /** The command (replaces the image's Cmd; the image's Entrypoint, if any, runs it). */
    public ContainerSpec withCommand(String... argv) {
        ContainerSpec s = copy();
        s.command = List.of(argv);
        return s;
    }

    /** The program to run instead of the image's Entrypoint (docker's --entrypoint); "" clears it. */
    public ContainerSpec withEntrypoint(String program) {
        ContainerSpec s = copy();
        s.entrypoint = Objects.requireNonNull(program, "entrypoint");
        return s;
    }

    /** Sets an environment variable (over the image's value of the same name). */
    public ContainerSpec withEnv(String key, String value) {
        if (key == null || key.isEmpty() || key.contains("=")) {
            throw new IllegalArgumentException("invalid environment variable name \"" + key + "\"");
        }
        ContainerSpec s = copy();
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(key, Objects.requireNonNull(value, "value of " + key));
        s.env = java.util.Collections.unmodifiableMap(e);
        return s;
    }

    /** The working directory of the command. */
    public ContainerSpec withWorkdir(String dir) {
        ContainerSpec s = copy();
        s.workdir = dir;
        return s;
    }

    /** The user (name or uid, optionally {@code :group}) the command runs as. */
    public ContainerSpec withUser(String u) {
        ContainerSpec s = copy();
        s.user = u;
        return s;
    }

    /** The container's hostname (default: the first 12 characters of its id). */
    public ContainerSpec withHostname(String h) {
        ContainerSpec s = copy();
        s.hostname = h;
        return s;
    }

    /** Bind-mounts the host path at containerPath, read-write. */
    public ContainerSpec withVolume(Path hostPath, String containerPath) {
        return volume(hostPath, containerPath, "");
    }

    /** Bind-mounts the host path at containerPath, read-only. */
    public ContainerSpec withReadOnlyVolume(Path hostPath, String containerPath) {
        return volume(hostPath, containerPath, ":ro");
    }

    private ContainerSpec volume(Path hostPath, String containerPath, String suffix) {
        if (!containerPath.startsWith("/")) {
            throw new IllegalArgumentException("volume target " + containerPath + " must be an absolute path");
        }
        ContainerSpec s = copy();
        List<String> v = new ArrayList<>(volumes);
        v.add(hostPath.toAbsolutePath() + ":" + containerPath + suffix);
        s.volumes = List.copyOf(v);
        return s;
    }

    /** Publishes containerPort on a host port chosen at start; {@link RunningContainer#mappedPort} tells which. */
    public ContainerSpec publish(int containerPort) {
        return publish(0, containerPort);
    }

    /** Publishes containerPort on hostPort (0: any free port). */
    public ContainerSpec publish(int hostPort, int containerPort) {
        ContainerSpec s = copy();
        List<PortBinding> p = new ArrayList<>(ports);
        p.add(new PortBinding(hostPort, containerPort));
        s.ports = List.copyOf(p);
        return s;
    }

    /** Memory limit, docker's syntax: {@code 64m}, {@code 1g}. */
    public ContainerSpec withMemory(String limit) {
        ContainerSpec s = copy();
        s.memory = limit;
        return s;
    }

    /** The network mode; see {@link Network} for the default. */
    public ContainerSpec withNetwork(Network n) {
        ContainerSpec s = copy();
        s.network = Objects.requireNonNull(n, "network");
        return s;
    }

    /** A fixed container name (unique in the store); by default a docker-style one is generated. */
    public ContainerSpec withName(String n) {
        ContainerSpec s = copy();
        s.name = n;
        return s;
    }

    /** How {@link Jrun#start} decides the container is ready (default: as soon as its process runs). */
    public ContainerSpec waitingFor(WaitStrategy strategy) {
        ContainerSpec s = copy();
        s.wait = Objects.requireNonNull(strategy, "wait strategy");
        return s;
    }

    /** The image name or id. */
    public String image() {
        return image;
    }

    /** The command override; empty keeps the image's Cmd. */
    public List<String> command() {
        return command;
    }

    /** The entrypoint override, or null to keep the image's. */
    public String entrypoint() {
        return entrypoint;
    }

    /** Environment variables set over the image's. */
    public Map<String, String> env() {
        return env;
    }

    /** The working directory, or null for the image's. */
    public String workdir() {
        return workdir;
    }

    /** The user, or null for the image's. */
    public String user() {
        return user;
    }

    /** The hostname, or null for the default. */
    public String hostname() {
        return hostname;
    }

    /** Bind mounts as docker's {@code HOST:CONTAINER[:ro]}. */
    public List<String> volumes() {
        return volumes;
    }

    /** The published ports, in the order asked for. */
    public List<PortBinding> ports() {
        return ports;
    }

    /** The memory limit, or null for none. */
    public String memory() {
        return memory;
    }

    /** The network asked for, or null for the default. */
    public Network network() {
        return network;
    }

    /** The container name, or null for a generated one. */
    public String name() {
        return name;
    }

    /** How start decides the container is ready. */
    public WaitStrategy waitStrategy() {
        return wait;
    }

    /** The image and command, as error messages name the container. */
    @Override
    public String toString() {
        return "image " + image + (command.isEmpty() ? "" : ", command " + String.join(" ", command));
    }

    /**
     * A published port.
     *
     * @param hostPort      the host port, 0 for one chosen at start
     * @param containerPort the port the container listens on
     */
    public record PortBinding(int hostPort, int containerPort) {
        /** Checks both ports are in range. */
        public PortBinding {
            if (containerPort < 1 || containerPort > 65535 || hostPort < 0 || hostPort > 65535) {
                throw new IllegalArgumentException("invalid port mapping " + hostPort + ":" + containerPort);
            }
        }
    }
}
