package dev.jrun.cli;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Platform;
import dev.jrun.registry.Progress;
import dev.jrun.registry.Puller;
import dev.jrun.store.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pull", description = "Download an image from a registry.")
final class PullCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String reference;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "Platform to pull from an index.")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "Print only the image reference.")
    boolean quiet;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    int execute() {
        ImageReference ref = ImageReference.parse(reference);
        dev.jrun.registry.RegistryClient.prewarm(ref.registry(), registry.tlsVerify);
        Platform p = platform == null ? null : Platform.parse(platform);
        if (!quiet && !reference.contains("@") && !reference.substring(reference.lastIndexOf('/') + 1).contains(":")) {
            out().println("Using default tag: latest");
        }
        if (!quiet) {
            out().println((ref.tag() != null ? ref.tag() : ref.digest().toString()) + ": Pulling from "
                    + ref.repository());
        }
        Digest before = store().find(ref.canonical()).map(Image::manifestDigest).orElse(null);
        Progress listener = quiet ? Progress.quiet()
                : new Progress(out(), System.console() != null, Progress.Kind.PULL);
        Image img = new Puller(store(), registry.options()).pull(ref, p, listener);
        if (!quiet) {
            out().println("Digest: " + listener.resolvedDigest());
            boolean same = img.manifestDigest().equals(before);
            out().println("Status: " + (same ? "Image is up to date for " : "Downloaded newer image for ")
                    + ref.familiar());
        }
        out().println(ref.canonical());
        return 0;
    }
}
