package dev.jrun.cli;

import dev.jrun.api.Jrun;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * Internal: the store's one monitor, parent of its detached containers (see api.SharedMonitor). Detacher
 * starts it through {@link #main}, which skips picocli: building picocli's model of every subcommand
 * would stay in the long-lived monitor's metaspace and heap.
 */
@Command(name = "container-monitor", hidden = true, description = "Internal: watch the store's detached containers.")
final class ContainerMonitorCommand extends StoreCommand {
    @Override
    int execute() {
        return serve(jrun());
    }

    /** {@code --root ROOT container-monitor}, the command line Detacher gives. */
    public static void main(String[] args) {
        if (args.length != 3 || !args[0].equals("--root") || !args[2].equals("container-monitor")) {
            System.err.println("usage: " + ContainerMonitorCommand.class.getName() + " --root ROOT container-monitor");
            System.exit(125);
        }
        Jrun jrun = Jrun.withRoot(Path.of(args[1]));
        jrun.reconciler().reconcileAll();
        System.exit(serve(jrun));
    }

    private static int serve(Jrun jrun) {
        // the report goes to the starting CLI's pipe; closing it (the JDK puts /dev/null on fd 1) ends its read
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        return jrun.sharedMonitor().serve(report);
    }
}
