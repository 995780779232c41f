package dev.jrun.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the jrun command line. */
@Command(name = "jrun", mixinStandardHelpOptions = true,
        description = "A daemonless, docker-compatible container engine.",
        subcommands = {VersionCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
