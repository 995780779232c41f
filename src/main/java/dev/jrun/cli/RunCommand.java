package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.ContainerRunner;
import dev.jrun.api.SignalForwarder;
import dev.jrun.api.TtySession;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.RunOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "Create and run a new container from an image, in the foreground.")
final class RunCommand extends StoreCommand {
    @Mixin
    ContainerFlags flags = new ContainerFlags();

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean remove;

    @Option(names = {"-d", "--detach"}, description = "Run in the background and print the container ID.")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open (jrun always passes stdin through).")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CONTAINER[:ro]", description = "Bind mount a volume.")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs (e.g. /run:size=64m).")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--read-only", description = "Mount the container's root filesystem as read only.")
    boolean readOnly;

    @Option(names = {"--network", "--net"}, defaultValue = "bridge",
            description = "bridge (default: the jrun0 bridge, NAT, -p), none (only lo) or host.")
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
        if (!network.equals("none") && !network.equals("host") && !network.equals("bridge")) {
            throw new JrunException("network " + network + " not found: want bridge, none or host");
        }
        return run();
    }

    private int run() {
        dev.jrun.linux.NativeWarmUp.start(true);
        RunOptions o = RunOptions.defaults().withCommand(command).withEnv(flags.environment())
                .withWorkdir(flags.workdir).withUser(flags.user).withEntrypoint(flags.entrypoint)
                .withHostname(flags.hostname)
                .withLimits(memory, memorySwap, cpus, cpuShares, pidsLimit).withCaps(capAdd, capDrop, privileged)
                .withReadOnly(readOnly).withVolumes(volumes).withTmpfs(tmpfs).withTty(tty).withNetwork(network)
                .withNetworkFlags(flags.networkFlags());
        pullIfMissing(image);
        dev.jrun.Timing.mark("image found");
        ContainerRunner.Request r = new ContainerRunner.Request(image, flags.name, o, remove, explain ? System.err : null);
        if (detach) {
            out().println(jrun().detacher().run(r).id());
            return 0;
        }
        if (tty) {
            return TtySession.run(jrun(), r);
        }
        return jrun().runner().run(r, Stdio.inherit(), SignalForwarder.process());
    }
}
