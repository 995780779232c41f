package dev.jrun.cli;

import dev.jrun.build.BuildCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "builder", description = "Manage the build cache.",
        subcommands = {BuilderCommand.Prune.class})
final class BuilderCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "prune", description = "Remove the build cache. Layers only the cache used are freed by "
            + "'jrun image prune' / 'jrun system prune' afterwards.")
    static final class Prune extends StoreCommand {
        @Option(names = {"-a", "--all"}, description = "Accepted for docker compatibility; the whole cache is removed.")
        boolean all;

        @Option(names = {"-f", "--force"}, description = "Do not prompt (jrun never prompts).")
        boolean force;

        @Override
        int execute() {
            int n = new BuildCache(store().paths().buildCache(), store().blobs()).prune();
            out().println("Deleted build cache objects: " + n);
            return 0;
        }
    }
}
