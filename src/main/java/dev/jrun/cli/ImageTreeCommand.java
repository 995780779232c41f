package dev.jrun.cli;

import dev.jrun.store.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "tree", description = "Draw the layer stack of an image: base at the bottom, each layer with its size, "
        + "the instruction that made it and how many other local images share it.")
final class ImageTreeCommand extends StoreCommand {
    @Option(names = "--ascii", description = "Draw with ASCII characters only.")
    boolean ascii;

    @Parameters(paramLabel = "IMAGE")
    String name;

    @Override
    int execute() {
        Image img = store().resolve(name);
        out().print(new LayerTree(ascii).render(img, store().list()));
        return 0;
    }
}
