package dev.jrun.cli;

import dev.jrun.api.Jrun;
import dev.jrun.store.ImageStore;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of commands that use the store: finds the global options and opens the store once. */
abstract class StoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private ImageStore store;
    private Jrun jrun;

    Main main() {
        return (Main) spec.root().userObject();
    }

    ImageStore store() {
        if (store == null) {
            store = jrun != null ? jrun.images() : ImageStore.open(main().root());
        }
        return store;
    }

    /** The engine, for commands that touch layers or containers (loads the Linux bindings). */
    Jrun jrun() {
        if (jrun == null) {
            jrun = Jrun.withRoot(main().root());
            store = jrun.images();
        }
        return jrun;
    }

    PrintStream out() {
        return System.out;
    }

    @Override
    public final Integer call() throws Exception {
        return execute();
    }

    abstract int execute() throws Exception;
}
