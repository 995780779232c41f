package dev.jrun.cli;

import dev.jrun.store.GarbageCollector;
import dev.jrun.store.Image;
import dev.jrun.store.ContainerRefs;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "prune", description = "Remove untagged images (with -a, every image no container uses) and unused blobs.")
final class ImagePruneCommand extends StoreCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all images not used by a container.")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation (jrun never prompts).")
    boolean force;

    @Override
    int execute() {
        Set<String> used = ContainerRefs.imageIds(store().paths());
        boolean header = false;
        for (Image img : store().list()) {
            boolean dangling = img.tags().isEmpty() && img.repoDigests().isEmpty();
            if ((all || dangling) && !used.contains(img.id().toString())) {
                if (!header) {
                    out().println("Deleted Images:");
                    header = true;
                }
                img.tags().forEach(t -> out().println("untagged: " + t.familiar()));
                img.repoDigests().forEach(d -> out().println("untagged: " + d.familiar()));
                store().remove(img);
                out().println("deleted: " + img.id());
            }
        }
        GarbageCollector.Result r = store().gc();
        if (header) {
            out().println();
        }
        out().println("Total reclaimed space: " + Humanize.size(r.bytes()));
        return 0;
    }
}
