package dev.jrun.cli;

import dev.jrun.api.ContainerCommitter;
import dev.jrun.image.ImageReference;
import dev.jrun.runtime.Container;
import dev.jrun.store.Image;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "commit", description = "Create a new image from a container's changes.")
final class CommitCommand extends StoreCommand {
    @Option(names = {"-a", "--author"}, description = "Author (e.g. \"Jane Doe <jane@example.com>\").")
    String author;

    @Option(names = {"-c", "--change"}, description = "Apply a Dockerfile instruction to the image config.")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, description = "Commit message.")
    String message;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String tag;

    @Override
    int execute() {
        ImageReference ref = tag == null ? null : ImageReference.parse(tag);
        Container c = jrun().containers().resolve(name);
        Image img = jrun().committer().commit(c, new ContainerCommitter.Options(ref, changes, message, author));
        out().println(img.id());
        return 0;
    }
}
