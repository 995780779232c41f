package dev.jrun.cli;

import dev.jrun.api.ContainerFactory;
import dev.jrun.runtime.Container;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "create", description = "Create a new container from an image, without starting it.")
final class CreateCommand extends StoreCommand {
    @Option(names = "--name", description = "Assign a name to the container.")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE", description = "Set environment variables.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;

    @Option(names = {"-h", "--hostname"}, description = "Container host name.")
    String hostname;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image.")
    String entrypoint;

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments.")
    List<String> command = new ArrayList<>();

    @Override
    int execute() {
        Container c = jrun().factory().create(new ContainerFactory.Request(image, name, command,
                entrypoint == null ? null : List.of(entrypoint), env, workdir, user, hostname));
        out().println(c.id());
        return 0;
    }
}
