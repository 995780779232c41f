package dev.jrun.cli;

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

    Main main() {
        return (Main) spec.root().userObject();
    }

    ImageStore store() {
        if (store == null) {
            store = ImageStore.open(main().root());
        }
        return store;
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
