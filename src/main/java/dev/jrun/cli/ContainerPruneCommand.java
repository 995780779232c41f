package dev.jrun.cli;

import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerStatus;
import dev.jrun.store.StoreLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Remove all stopped containers.")
final class ContainerPruneCommand extends StoreCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation (jrun never prompts).")
    boolean force;

    @Override
    int execute() {
        out().println("Deleted Containers:");
        for (Container c : jrun().containers().list()) {
            if (c.state().status() == ContainerStatus.RUNNING || c.state().status() == ContainerStatus.PAUSED) {
                continue;
            }
            try (StoreLock l = jrun().containers().lock(c.id())) {
                Container fresh = jrun().containers().resolve(c.id());
                if (fresh.state().status().isActive()) {
                    continue;
                }
                jrun().reconciler().kill(fresh); // unmounts and removes the cgroup if anything is left
                jrun().containers().delete(c.id());
                out().println(c.id());
            } catch (dev.jrun.JrunException e) {
                Main.printError(e, main().debug());
            }
        }
        out().println();
        out().println("Total reclaimed space: 0B");
        return 0;
    }
}
