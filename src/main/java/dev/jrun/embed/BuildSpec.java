package dev.jrun.embed;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An image build from a Dockerfile, as {@code jrun build} takes it; immutable, each {@code with...} returns
 * a new one. Run it with {@link Images#build(BuildSpec)}.
 *
 * <pre>{@code
 * String id = jrun.images().build(BuildSpec.of(Path.of("src/test/resources/app"))
 *         .withTag("app:test").withBuildArg("VERSION", "1").onProgress(System.out::println));
 * }</pre>
 */
public final class BuildSpec {
    private final Path context;
    private Path dockerfile;
    private List<String> tags = List.of();
    private Map<String, String> buildArgs = Map.of();
    private String target;
    private boolean noCache;
    private Consumer<String> progress = line -> { };

    private BuildSpec(Path context) {
        this.context = context;
    }

    /** A build of the Dockerfile in the context directory. */
    public static BuildSpec of(Path context) {
        return new BuildSpec(Objects.requireNonNull(context, "build context"));
    }

    private BuildSpec copy() {
        BuildSpec b = new BuildSpec(context);
        b.dockerfile = dockerfile;
        b.tags = tags;
        b.buildArgs = buildArgs;
        b.target = target;
        b.noCache = noCache;
        b.progress = progress;
        return b;
    }

    /** Another Dockerfile than {@code CONTEXT/Dockerfile}. */
    public BuildSpec withDockerfile(Path file) {
        BuildSpec b = copy();
        b.dockerfile = file;
        return b;
    }

    /** Names the image (repeatable): {@code app:test}. */
    public BuildSpec withTag(String tag) {
        BuildSpec b = copy();
        List<String> t = new ArrayList<>(tags);
        t.add(tag);
        b.tags = List.copyOf(t);
        return b;
    }

    /** A build argument (ARG) value. */
    public BuildSpec withBuildArg(String key, String value) {
        BuildSpec b = copy();
        Map<String, String> a = new LinkedHashMap<>(buildArgs);
        a.put(key, value);
        b.buildArgs = java.util.Collections.unmodifiableMap(a);
        return b;
    }

    /** Builds this stage and stops. */
    public BuildSpec withTarget(String stage) {
        BuildSpec b = copy();
        b.target = stage;
        return b;
    }

    /** Ignores the build cache. */
    public BuildSpec withNoCache() {
        BuildSpec b = copy();
        b.noCache = true;
        return b;
    }

    /** Receives the build's output line by line (buildkit's plain style: steps, cache hits, RUN output). */
    public BuildSpec onProgress(Consumer<String> lines) {
        BuildSpec b = copy();
        b.progress = Objects.requireNonNull(lines, "progress consumer");
        return b;
    }

    /** The build context directory. */
    public Path context() {
        return context;
    }

    /** The Dockerfile: the one given, else {@code CONTEXT/Dockerfile}. */
    public Path dockerfile() {
        return dockerfile != null ? dockerfile : context.resolve("Dockerfile");
    }

    /** The names the image gets. */
    public List<String> tags() {
        return tags;
    }

    /** The build arguments. */
    public Map<String, String> buildArgs() {
        return buildArgs;
    }

    /** The stage to build, or null for the last. */
    public String target() {
        return target;
    }

    /** True if the build cache is ignored. */
    public boolean noCache() {
        return noCache;
    }

    /** Where the build output goes, line by line. */
    public Consumer<String> progress() {
        return progress;
    }
}
