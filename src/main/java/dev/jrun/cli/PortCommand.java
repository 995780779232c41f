package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.ContainerNetwork;
import dev.jrun.network.PortViews;
import dev.jrun.runtime.Container;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = "List port mappings or a specific mapping for the container.")
final class PortCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    int execute() {
        Container c = jrun().containers().resolve(name);
        List<String> lines = PortViews.portLines(ContainerNetwork.read(jrun(), c.id()), port);
        if (port != null && lines.isEmpty()) {
            throw new JrunException("No public port '" + (port.contains("/") ? port : port + "/tcp")
                    + "' published for " + name);
        }
        lines.forEach(out()::println);
        return 0;
    }
}
