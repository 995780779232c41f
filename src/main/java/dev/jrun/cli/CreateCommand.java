package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.ContainerFactory;
import dev.jrun.runtime.Container;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create a new container from an image, without starting it.")
final class CreateCommand extends StoreCommand {
    @Mixin
    ContainerFlags flags = new ContainerFlags();

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Override
    int execute() {
        if (!flags.publish.isEmpty() || flags.publishAll) {
            throw new JrunException("create -p/-P: published ports are not kept by create yet; use run -d -p");
        }
        pullIfMissing(image);
        Container c = jrun().factory().create(new ContainerFactory.Request(image, flags.name, command,
                flags.entrypoint == null ? null : List.of(flags.entrypoint), flags.environment(), flags.workdir,
                flags.user, flags.hostname, false));
        out().println(c.id());
        return 0;
    }
}
