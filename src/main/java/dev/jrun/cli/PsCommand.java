package dev.jrun.cli;

import dev.jrun.api.ContainerNetwork;
import dev.jrun.network.PortViews;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ps", description = "List containers (running ones unless -a).")
class PsCommand extends StoreCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running).")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output.")
    boolean noTrunc;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states).")
    boolean latest;

    @Option(names = "--format", description = "json, or a Go template such as '{{.ID}} {{.Status}}'.")
    String format;

    @Override
    int execute() {
        Instant now = Instant.now();
        Table t = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        int shown = 0;
        for (Container c : jrun().containers().list()) { // newest first; states refreshed by jrun()
            if (latest && shown > 0 || !(all || latest) && c.state().status() != ContainerStatus.RUNNING) {
                continue;
            }
            shown++;
            Map<String, Object> row = ContainerViews.row(c, noTrunc, now);
            row.put("Ports", PortViews.psColumn(ContainerNetwork.read(jrun(), c.id())));
            if (quiet) {
                out().println(row.get("ID"));
            } else if (format != null) {
                out().println(format.equals("json") ? new String(dev.jrun.image.Json.bytes(row), StandardCharsets.UTF_8)
                        : Template.render(format, ImageViews.tree(row)));
            } else {
                t.add((String) row.get("ID"), (String) row.get("Image"), (String) row.get("Command"),
                        (String) row.get("RunningFor"), (String) row.get("Status"), (String) row.get("Ports"), c.name());
            }
        }
        if (!quiet && format == null) {
            t.print(out());
        }
        return 0;
    }
}
