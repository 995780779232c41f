package dev.jrun.cli;

import dev.jrun.runtime.Container;
import dev.jrun.store.StoreLock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", description = "Remove one or more containers: their writable layer, mounts and records.")
class RmCommand extends ContainersCommand {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container.")
    boolean force;

    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes (jrun creates none yet).")
    boolean volumes;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() throws Exception {
        return forEach(names, n -> {
            Container c = jrun().containers().resolve(n);
            try (StoreLock l = jrun().containers().lock(c.id())) {
                c = jrun().containers().resolve(c.id());
                c.state().status().requireRemovable(n, force);
                jrun().reconciler().kill(c);
                jrun().containers().delete(c.id());
            }
            out().println(n);
        });
    }
}
