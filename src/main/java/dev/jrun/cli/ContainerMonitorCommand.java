package dev.jrun.cli;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Internal: the parent of one detached container (see api.Monitor); started by run -d and start. */
@Command(name = "container-monitor", hidden = true, description = "Internal: watch a detached container.")
final class ContainerMonitorCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    int execute() {
        // the report goes to the starting CLI's pipe; closing it (the JDK puts /dev/null on fd 1) ends its read
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
        return jrun().monitor().run(id, report);
    }
}
