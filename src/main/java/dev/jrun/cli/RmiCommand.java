package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import dev.jrun.store.ContainerRefs;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rmi", description = "Remove one or more images.")
class RmiCommand extends ContainersCommand {
    @Option(names = {"-f", "--force"}, description = "Remove images used by containers, and all tags of an image given by id.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE")
    List<String> names;

    @Override
    int execute() throws Exception {
        int rc = forEach(names, this::remove);
        store().gc();
        return rc;
    }

    private void remove(String name) {
        Image img = store().resolve(name);
        Set<String> used = ContainerRefs.imageIds(store().paths());
        boolean inUse = used.contains(img.id().toString());
        ImageReference named = nameOf(name, img);
        if (named != null && !img.lastReference(named)) {
            store().untag(named);
            out().println("Untagged: " + named.familiar());
            return;
        }
        if (inUse && !force) {
            throw new JrunException("conflict: unable to remove " + name + " (image " + img.id().shortHex()
                    + "): a container uses it; remove the container first or use -f");
        }
        if (named == null && img.tags().size() > 1 && !force) {
            throw new JrunException("conflict: unable to delete " + img.id().shortHex()
                    + " (must be forced) - image is referenced in multiple repositories");
        }
        for (ImageReference t : img.tags()) {
            out().println("Untagged: " + t.familiar());
        }
        for (ImageReference d : img.repoDigests()) {
            out().println("Untagged: " + d.familiar());
        }
        store().remove(img);
        out().println("Deleted: " + img.id());
    }

    /** The tag or repository digest of img that name spells, or null when name is an id or id prefix. */
    private static ImageReference nameOf(String name, Image img) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(name);
        } catch (JrunException e) {
            return null;
        }
        if (ref.digest() != null) {
            ImageReference byDigest = new ImageReference(ref.registry(), ref.repository(), null, ref.digest());
            return img.repoDigests().contains(byDigest) ? byDigest : null;
        }
        return img.tags().contains(ref) ? ref : null;
    }
}
