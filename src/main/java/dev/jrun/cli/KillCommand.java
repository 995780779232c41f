package dev.jrun.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "kill", description = "Send a signal (default SIGKILL) to running containers.")
final class KillCommand extends ContainersCommand {
    @Option(names = {"-s", "--signal"}, defaultValue = "KILL", description = "Signal to send (name or number).")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        return forEach(names, n -> {
            jrun().lifecycle().kill(n, signal);
            out().println(n);
        });
    }
}
