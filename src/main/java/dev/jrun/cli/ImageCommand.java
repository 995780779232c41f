package dev.jrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "image", description = "Manage images.",
        subcommands = {ImageCommand.Ls.class, ImageTreeCommand.class, ImageCommand.Rm.class, ImageInspectCommand.class, HistoryCommand.class, TagCommand.class,
                ImagePruneCommand.class, SaveCommand.class, LoadCommand.class, ImportCommand.class})
final class ImageCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ls", aliases = "list", description = "List images.")
    static final class Ls extends ImagesCommand {
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more images.")
    static final class Rm extends RmiCommand {
    }

}
