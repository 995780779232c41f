package dev.jrun.cli;

import dev.jrun.api.Jrun;
import dev.jrun.image.ImageReference;
import dev.jrun.registry.Progress;
import dev.jrun.registry.Puller;
import dev.jrun.registry.RegistryOptions;
import dev.jrun.store.ImageStore;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of commands that use the store: finds the global options and opens the store once. */
abstract class StoreCommand implements Callable<Integer>, FastCli.MainAware {
    @Spec
    CommandSpec spec;

    /** Set by FastCli, which has no picocli model to find the root command in. */
    private Main main;

    private ImageStore store;
    private Jrun jrun;

    Main main() {
        return main != null ? main : (Main) spec.root().userObject();
    }

    @Override
    public void main(Main m) {
        this.main = m;
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
            dev.jrun.Timing.mark("engine opened");
            store = jrun.images();
            jrun.reconciler().reconcileAll();
            dev.jrun.Timing.mark("containers reconciled");
        }
        return jrun;
    }

    /**
     * As docker run/create: an image not in the store is pulled first ("Unable to find image ... locally"),
     * with the pull's progress on stderr.
     */
    void pullIfMissing(String image) {
        // the engine's store, which run and create use next: one store opened, and its lookup memo answers
        // the container's record and start without reading the image again
        ImageStore st = jrun().images();
        if (st.find(image).isPresent() || ImageReference.looksLikeId(image) && !image.contains(":")) {
            return;
        }
        ImageReference ref = ImageReference.parse(image);
        System.err.println("Unable to find image '" + ref.familiar() + "' locally");
        new Puller(store(), RegistryOptions.defaults()).pull(ref, null,
                new Progress(System.err, System.console() != null, Progress.Kind.PULL));
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
