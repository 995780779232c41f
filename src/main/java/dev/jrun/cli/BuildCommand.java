package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.BuildKernel;
import dev.jrun.build.BuildOptions;
import dev.jrun.build.BuildProgress;
import dev.jrun.build.Builder;
import dev.jrun.build.ContainerStepExecutor;
import dev.jrun.image.Platform;
import dev.jrun.registry.Progress;
import dev.jrun.registry.Puller;
import dev.jrun.registry.RegistryOptions;
import dev.jrun.image.ImageReference;
import dev.jrun.store.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", description = "Build an image from a Dockerfile.")
final class BuildCommand extends StoreCommand {
    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default CONTEXT/Dockerfile).")
    Path file;

    @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
            description = "Set a build-time variable; KEY alone takes the value from the environment.")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage and stop.")
    String target;

    @Option(names = "--no-cache", description = "Do not use the build cache.")
    boolean noCache;

    @Option(names = "--squash", description = "Merge the layers the build created into one.")
    boolean squash;

    @Option(names = "--pull", description = "Pull the base images even when the store has them "
            + "(missing ones are always pulled).")
    boolean pull;

    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Verify registries' TLS certificates when pulling (default true; http for localhost).")
    Boolean tlsVerify;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set a label on the image.")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "Print only the image id.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "auto|plain|tty|classic",
            description = "Output style: plain shows buildkit-style steps with why a step missed the cache.")
    String progressMode = "auto";

    @Option(names = "--timestamp", paramLabel = "SECONDS",
            description = "Reproducible output: every created time and layer mtime ceiling (default $SOURCE_DATE_EPOCH).")
    Long timestamp;

    @Option(names = "--network", paramLabel = "default|none|host", description = "RUN's network (default: default).")
    String network = "default";

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE|env=VAR",
            description = "A secret for RUN --mount=type=secret (never stored in the image or the cache).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform; must be the host's.")
    String platform;

    @Parameters(index = "0", paramLabel = "CONTEXT", description = "The build context directory.")
    Path context;

    @Override
    int execute() {
        if (!Files.isDirectory(context)) {
            throw new JrunException("build context " + context + " is not a directory");
        }
        List<ImageReference> refs = new ArrayList<>();
        for (String t : tags) {
            refs.add(ImageReference.parse(t));
        }
        Long ts = timestamp;
        String sde = System.getenv("SOURCE_DATE_EPOCH");
        if (ts == null && sde != null && !sde.isBlank()) {
            try {
                ts = Long.parseLong(sde.trim());
            } catch (NumberFormatException e) {
                throw new JrunException("SOURCE_DATE_EPOCH=" + sde + " is not a number of seconds");
            }
        }
        BuildOptions o = new BuildOptions(context, file != null ? file : context.resolve("Dockerfile"), refs,
                keyValues(buildArgs, true, "--build-arg"), target, noCache, squash, keyValues(labels, false, "--label"),
                ts, network, platform, pull);
        Image img;
        try (BuildProgress progress = new BuildProgress(out(), progressMode())) {
            Builder builder = new Builder(store(), progress,
                    new ContainerStepExecutor(new BuildKernel(store()), store().blobs()), this::pullImage)
                    .withSecrets(BuildSecrets.parse(secrets, System.getenv()));
            img = builder.build(o);
        }
        if (quiet) {
            out().println(img.id());
        } else {
            out().println("Successfully built " + img.id().hex().substring(0, 12));
            for (ImageReference r : refs) {
                out().println("Successfully tagged " + r.familiar());
            }
        }
        return 0;
    }

    /** --progress: plain, tty, classic (docker's legacy builder), or auto: tty on a terminal, else classic. */
    private BuildProgress.Mode progressMode() {
        if (quiet) {
            return BuildProgress.Mode.QUIET;
        }
        return switch (progressMode) {
            case "plain" -> BuildProgress.Mode.PLAIN;
            case "tty" -> BuildProgress.Mode.TTY;
            case "classic" -> BuildProgress.Mode.CLASSIC;
            case "auto" -> System.console() != null ? BuildProgress.Mode.TTY : BuildProgress.Mode.CLASSIC;
            default -> throw new JrunException("--progress " + progressMode + ": want auto, plain, tty or classic");
        };
    }

    private Image pullImage(String reference, Platform platform) {
        ImageReference ref = ImageReference.parse(reference);
        return new Puller(store(), RegistryOptions.fromFlags(tlsVerify, null)).pull(ref, platform,
                quiet ? Progress.quiet() : new Progress(out(), false, Progress.Kind.PULL));
    }

    static Map<String, String> keyValues(List<String> items, boolean fromEnv, String flag) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : items) {
            int eq = kv.indexOf('=');
            if (eq == 0) {
                throw new JrunException(flag + " " + kv + ": want KEY=VALUE");
            }
            if (eq < 0) {
                String v = fromEnv ? System.getenv(kv) : "";
                if (v != null) {
                    out.put(kv, v);
                }
            } else {
                out.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return out;
    }
}
