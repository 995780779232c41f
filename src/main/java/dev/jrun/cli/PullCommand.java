package dev.jrun.cli;

import dev.jrun.image.Digest;
import dev.jrun.image.ImageReference;
import dev.jrun.image.Platform;
import dev.jrun.registry.Progress;
import dev.jrun.registry.Puller;
import dev.jrun.registry.RegistryOptions;
import dev.jrun.store.Image;
import java.nio.file.Path;
import picocli.CommandLine.Command;
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

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Verify the registry's TLS certificate (default true; http for localhost).")
    Boolean tlsVerify;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Credentials file (default: docker's config.json).")
    Path authfile;

    @Override
    int execute() {
        ImageReference ref = ImageReference.parse(reference);
        dev.jrun.registry.RegistryClient.prewarm(ref.registry(), tlsVerify);
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
        Image img = new Puller(store(), RegistryOptions.fromFlags(tlsVerify, authfile)).pull(ref, p, listener);
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
