package dev.jrun.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stop", description = "Stop running containers: the image's StopSignal (or SIGTERM), then SIGKILL "
        + "after the timeout.")
final class StopCommand extends ContainersCommand {
    @Option(names = {"-t", "--time", "--timeout"}, defaultValue = "10", description = "Seconds to wait before "
            + "killing the container (-1: wait forever).")
    int timeout;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        return forEach(names, n -> {
            jrun().lifecycle().stop(n, timeout);
            out().println(n);
        });
    }
}
