package dev.jrun.cli;

import dev.jrun.oci.OciCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/** {@code jrun oci ...}: runc's command line on OCI bundles (bin/jrun-runc runs it as a runc binary). */
@Command(name = "oci", description = "runc-compatible runtime on OCI bundles: spec, create, start, run, state, list, ps, kill, delete, "
        + "pause, resume, events --stats, update.")
public final class OciCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> argv = new ArrayList<>();
        if (main != null && main.root != null) {
            // jrun's inherited --root took it: as runc's global option it names the state root
            argv.add("--root");
            argv.add(main.root.toString());
        }
        argv.addAll(args);
        return new OciCli(System.out, System.err).run(argv);
    }
}
