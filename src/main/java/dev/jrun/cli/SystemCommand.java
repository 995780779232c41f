package dev.jrun.cli;

import dev.jrun.image.Digest;
import dev.jrun.store.Image;
import dev.jrun.store.ContainerRefs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "system", description = "Manage jrun.", subcommands = {SystemCommand.Df.class})
final class SystemCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Disk use: each layer counted once however many images share it. */
    @Command(name = "df", description = "Show disk usage: images, with bytes shared between images and unique to each.")
    static final class Df extends StoreCommand {
        @Option(names = {"-v", "--verbose"}, description = "Show per-image shared and unique sizes.")
        boolean verbose;

        @Override
        int execute() {
            List<Image> images = store().list();
            Set<String> used = ContainerRefs.imageIds(store().paths());
            Map<Digest, Integer> users = new HashMap<>();
            Map<Digest, Long> sizes = new HashMap<>();
            for (Image img : images) {
                for (var l : new HashSet<>(img.manifest().layers())) {
                    users.merge(l.digest(), 1, Integer::sum);
                    sizes.put(l.digest(), l.size());
                }
            }
            long total = sizes.values().stream().mapToLong(Long::longValue).sum();
            long reclaimable = 0;
            int active = 0;
            for (Image img : images) {
                if (used.contains(img.id().toString())) {
                    active++;
                } else {
                    reclaimable += unique(img, users);
                }
            }
            Table t = new Table("TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE");
            t.add("Images", Integer.toString(images.size()), Integer.toString(active), Humanize.size(total),
                    Humanize.size(reclaimable));
            t.print(out());
            if (verbose) {
                out().println();
                out().println("Images space usage:");
                out().println();
                Table v = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "LAYERS");
                for (Image img : images) {
                    long unique = unique(img, users);
                    var ref = img.tags().isEmpty() ? null : img.tags().get(0);
                    v.add(ref == null ? "<none>" : ref.familiarName(), ref == null ? "<none>" : ref.tag(),
                            img.id().shortHex(), Humanize.ago(img.config().created()), Humanize.size(img.size()),
                            Humanize.size(layerBytes(img) - unique), Humanize.size(unique),
                            Integer.toString(img.manifest().layers().size()));
                }
                v.print(out());
            }
            return 0;
        }

        private static long layerBytes(Image img) {
            return img.manifest().layers().stream().mapToLong(l -> l.size()).sum();
        }

        private static long unique(Image img, Map<Digest, Integer> users) {
            return img.manifest().layers().stream().filter(l -> users.get(l.digest()) == 1).mapToLong(l -> l.size()).sum();
        }
    }
}
