package dev.jrun.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/** Internal: the store's one monitor, parent of its detached containers (see api.SharedMonitor). */
@Command(name = "container-monitor", hidden = true, description = "Internal: watch the store's detached containers.")
final class ContainerMonitorCommand extends StoreCommand {
    @Override
    int execute() {
        // the report goes to the starting CLI's pipe; closing it (the JDK puts /dev/null on fd 1) ends its read
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        return jrun().sharedMonitor().serve(report);
    }
}
