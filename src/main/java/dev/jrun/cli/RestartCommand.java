package dev.jrun.cli;

import dev.jrun.runtime.Container;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restart", description = "Restart containers: stop (if running), then start detached.")
final class RestartCommand extends ContainersCommand {
    @Option(names = {"-t", "--time", "--timeout"}, defaultValue = "10", description = "Seconds to wait before "
            + "killing the container.")
    int timeout;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        return forEach(names, n -> {
            jrun().lifecycle().stop(n, timeout);
            Container c = jrun().containers().resolve(n);
            jrun().detacher().start(c);
            out().println(n);
        });
    }
}
