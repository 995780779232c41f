package dev.jrun.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "wait", description = "Block until containers stop, then print their exit codes.")
final class WaitCommand extends ContainersCommand {
    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        return forEach(names, n -> out().println(jrun().lifecycle().waitExit(n)));
    }
}
