package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.image.ImageReference;
import dev.jrun.registry.Progress;
import dev.jrun.registry.ProgressListener;
import dev.jrun.registry.Pusher;
import dev.jrun.store.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = "Upload an image to a registry.")
final class PushCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String reference;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the progress output.")
    boolean quiet;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    int execute() {
        if (ImageReference.looksLikeId(reference) && !reference.contains(":")) {
            throw new JrunException("push needs a repository name, not an image id: " + reference);
        }
        ImageReference target = ImageReference.parse(reference);
        if (target.tag() != null) { // then the push's first request is known: sent as soon as connected
            dev.jrun.registry.RegistryClient.prewarmPush(target.registry(), registry.tlsVerify, target.repository(),
                    target.tag());
        } else {
            dev.jrun.registry.RegistryClient.prewarm(target.registry(), registry.tlsVerify);
        }
        // no orElseThrow(lambda): a repeated push runs no lambda at all (see Pusher)
        java.util.Optional<Image> found = store().find(target.canonical());
        if (found.isEmpty()) {
            throw new JrunException("An image does not exist locally with the tag: " + target.familiarName());
        }
        Image img = found.get();
        dev.jrun.Timing.mark("push: image found");
        if (!quiet) {
            out().println("The push refers to repository [" + target.name() + "]");
        }
        ProgressListener l = quiet ? ProgressListener.NONE
                : new Progress(out(), System.console() != null, Progress.Kind.PUSH);
        Pusher.Result r = new Pusher(store(), registry.options()).push(img, target, l);
        if (!quiet) {
            out().println((target.tag() != null ? target.tag() : "") + ": digest: " + r.digest() + " size: " + r.size());
        }
        return 0;
    }
}
