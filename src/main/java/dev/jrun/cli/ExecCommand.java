package dev.jrun.cli;

import dev.jrun.api.ExecRunner;
import dev.jrun.api.SignalForwarder;
import dev.jrun.linux.Stdio;
import dev.jrun.runtime.ExecSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", description = "Run a command in a running container.")
final class ExecCommand extends StoreCommand {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: run the command in the background.")
    boolean detach;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open (without it the command reads /dev/null).")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY.")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set environment variables.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container.")
    String workdir;

    @Option(names = "--privileged", description = "Give extended privileges to the command.")
    boolean privileged;

    @Option(names = "--explain", description = "Print each step of the process's entry into the container first.")
    boolean explain;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Override
    int execute() {
        ExecSpec.Options o = new ExecSpec.Options(command, ContainerFlags.environment(envFiles, env), user, workdir,
                tty && !detach, privileged);
        ExecRunner.Request r = new ExecRunner.Request(container, o, explain ? System.err : null);
        ExecRunner runner = jrun().exec();
        if (detach) {
            Path devNull = Path.of("/dev/null");
            runner.detach(r, Stdio.files(devNull, devNull, devNull));
            return 0;
        }
        if (tty) {
            return runner.runTty(r);
        }
        Stdio stdio = interactive ? Stdio.inherit() : new Stdio(new Stdio.ToFile(Path.of("/dev/null"), false), null, null);
        return runner.run(r, stdio, SignalForwarder.process());
    }
}
