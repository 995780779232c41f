package dev.jrun.build;

import dev.jrun.image.ImageReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code jrun build} was asked to do.
 *
 * @param context the build context directory
 * @param dockerfile the Dockerfile (default {@code <context>/Dockerfile})
 * @param target the stage to build, null for the last
 * @param timestamp seconds since the epoch for every created time and as the layer mtime ceiling
 *     ({@code --timestamp} or SOURCE_DATE_EPOCH), null for the current time
 * @param network RUN's network: {@code default}, {@code none} or {@code host}
 * @param platform the {@code --platform} asked for, null for the host's
 * @param pull pull base images even when the store has them ({@code --pull})
 */
public record BuildOptions(Path context, Path dockerfile, List<ImageReference> tags, Map<String, String> buildArgs,
        String target, boolean noCache, boolean squash, Map<String, String> labels, Long timestamp, String network,
        String platform, boolean pull) {

    public BuildOptions {
        tags = List.copyOf(tags);
        buildArgs = Map.copyOf(buildArgs);
        labels = new java.util.TreeMap<>(labels);
        network = network == null || network.equals("bridge") ? "default" : network;
        if (!network.matches("default|none|host")) {
            throw new dev.jrun.JrunException("build --network " + network + ": RUN's network must be default"
                    + " (or bridge), none or host");
        }
    }

    /** Options with defaults: the Dockerfile in the context, no tags. */
    public static BuildOptions of(Path context) {
        return new BuildOptions(context, context.resolve("Dockerfile"), List.of(), Map.of(), null, false, false,
                Map.of(), null, "default", null, false);
    }

    public BuildOptions withTags(List<ImageReference> t) {
        return new BuildOptions(context, dockerfile, t, buildArgs, target, noCache, squash, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withBuildArgs(Map<String, String> a) {
        return new BuildOptions(context, dockerfile, tags, a, target, noCache, squash, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withTarget(String t) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, t, noCache, squash, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withNoCache(boolean n) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, target, n, squash, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withSquash(boolean s) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, target, noCache, s, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withTimestamp(Long t) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, target, noCache, squash, labels, t, network,
                platform, pull);
    }

    public BuildOptions withLabels(Map<String, String> l) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, target, noCache, squash, l, timestamp, network,
                platform, pull);
    }

    public BuildOptions withDockerfile(Path f) {
        return new BuildOptions(context, f, tags, buildArgs, target, noCache, squash, labels, timestamp, network,
                platform, pull);
    }

    public BuildOptions withPull(boolean p) {
        return new BuildOptions(context, dockerfile, tags, buildArgs, target, noCache, squash, labels, timestamp, network,
                platform, p);
    }
}
