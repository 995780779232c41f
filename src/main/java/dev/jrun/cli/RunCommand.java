package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.ContainerRunner;
import dev.jrun.api.SignalForwarder;
import dev.jrun.api.TtySession;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.RunOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Create and run a new container from an image, in the foreground.")
final class RunCommand extends StoreCommand {
    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean remove;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container ID.")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open (jrun always passes stdin through).")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;

    @Option(names = "--name", description = "Assign a name to the container.")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set environment variables.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]", description = "Bind mount a volume.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs (e.g. /run:size=64m).")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only.")
    boolean readOnly;

    @Option(names = "--hostname", description = "Container host name.")
    String hostname;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image.")
    String entrypoint;

    @Option(names = "--network", defaultValue = "none", description = "none (default until bridge networking lands) or host.")
    String network;

    @Option(names = "--cap-add", description = "Add Linux capabilities.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", description = "Drop Linux capabilities.")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged", description = "Give extended privileges to this container.")
    boolean privileged;

    @Option(names = {"-m", "--memory"}, description = "Memory limit (e.g. 32m, 1g).")
    String memory;

    @Option(names = "--memory-swap", description = "Memory plus swap limit; -1 for unlimited swap.")
    String memorySwap;

    @Option(names = "--cpus", description = "Number of CPUs (e.g. 0.5).")
    String cpus;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight).")
    Long cpuShares;

    @Option(names = "--pids-limit", description = "Tune container pids limit.")
    Long pidsLimit;

    @Option(names = "--explain", description = "Print each step of the container's birth, with the equivalent shell "
            + "command, before running it.")
    boolean explain;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Override
    int execute() {
        if (detach && tty) {
            throw new JrunException("run -d -t: a detached container has no terminal in this build; leave out -t");
        }
        if (!network.equals("none") && !network.equals("host")) {
            throw new JrunException("network " + network + " not found: this build supports --network none and host");
        }
        List<String> allEnv = new ArrayList<>();
        for (Path f : envFiles) {
            allEnv.addAll(readEnvFile(f));
        }
        allEnv.addAll(env);
        RunOptions o = RunOptions.defaults().withCommand(command).withEnv(expandEnv(allEnv)).withWorkdir(workdir)
                .withUser(user).withEntrypoint(entrypoint).withHostname(hostname)
                .withLimits(memory, memorySwap, cpus, cpuShares, pidsLimit).withCaps(capAdd, capDrop, privileged)
                .withReadOnly(readOnly).withVolumes(volumes).withTmpfs(tmpfs).withTty(tty).withNetwork(network);
        pullIfMissing(image);
        dev.jrun.Timing.mark("image found");
        ContainerRunner.Request r = new ContainerRunner.Request(image, name, o, remove, explain ? System.err : null);
        if (detach) {
            out().println(jrun().detacher().run(r).id());
            return 0;
        }
        if (tty) {
            return TtySession.run(jrun(), r);
        }
        return jrun().runner().run(r, Stdio.inherit(), SignalForwarder.process());
    }

    /** docker: "-e NAME" passes the host's value of NAME, and is left out when the host has none. */
    static List<String> expandEnv(List<String> env) {
        List<String> out = new ArrayList<>();
        for (String e : env) {
            if (e.contains("=")) {
                out.add(e);
            } else if (System.getenv(e) != null) {
                out.add(e + "=" + System.getenv(e));
            }
        }
        return out;
    }

    static List<String> readEnvFile(Path f) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new JrunException("read env file " + f + ": " + e.getMessage(), e);
        }
    }
}
