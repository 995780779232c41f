package dev.jrun.cli;

import dev.jrun.layer.Change;
import dev.jrun.runtime.Container;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = "Inspect changes to files on a container's filesystem: A added, C changed, D deleted.")
final class DiffCommand extends StoreCommand {
    @Parameters(paramLabel = "CONTAINER")
    String name;

    @Override
    int execute() {
        Container c = jrun().containers().resolve(name);
        for (Change ch : jrun().filesystem().diff(c)) {
            out().println(ch);
        }
        return 0;
    }
}
