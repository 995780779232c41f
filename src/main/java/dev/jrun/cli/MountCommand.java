package dev.jrun.cli;

import dev.jrun.runtime.Container;
import dev.jrun.store.StoreLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "mount", description = "Mount a container's root filesystem (overlay of its image layers and its "
        + "writable layer) and print where, as podman mount does.")
final class MountCommand extends StoreCommand {
    @Parameters(paramLabel = "CONTAINER")
    String name;

    @Override
    int execute() {
        Container c = jrun().containers().resolve(name);
        try (StoreLock l = jrun().containers().lock(c.id())) {
            out().println(jrun().filesystem().mount(c));
        }
        return 0;
    }

    @Command(name = "umount", aliases = "unmount", description = "Unmount a container's root filesystem.")
    static final class Umount extends StoreCommand {
        @Parameters(paramLabel = "CONTAINER")
        String name;

        @Override
        int execute() {
            Container c = jrun().containers().resolve(name);
            try (StoreLock l = jrun().containers().lock(c.id())) {
                jrun().filesystem().unmount(c);
            }
            out().println(c.id());
            return 0;
        }
    }
}
