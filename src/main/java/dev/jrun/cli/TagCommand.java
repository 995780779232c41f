package dev.jrun.cli;

import dev.jrun.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "tag", description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.")
final class TagCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    int execute() {
        ImageReference ref = ImageReference.parse(target);
        if (ref.digest() != null) {
            throw new dev.jrun.JrunException("refusing to create a tag with a digest reference: " + target);
        }
        store().tag(store().resolve(source), ref);
        return 0;
    }
}
