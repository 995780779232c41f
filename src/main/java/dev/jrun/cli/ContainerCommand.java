package dev.jrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "container", description = "Manage containers.",
        subcommands = {ContainerCommand.Ls.class, ContainerInspectCommand.class, ContainerCommand.Rm.class,
                LogsCommand.class, StartCommand.class, StopCommand.class, RestartCommand.class, KillCommand.class,
                WaitCommand.class, TopCommand.class, ContainerPruneCommand.class})
final class ContainerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "ls", aliases = {"ps", "list"}, description = "List containers.")
    static final class Ls extends PsCommand {
    }

    @Command(name = "rm", aliases = "remove", description = "Remove one or more containers.")
    static final class Rm extends RmCommand {
    }
}
