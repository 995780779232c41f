package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image configuration (application/vnd.oci.image.config.v1+json): what to run, and the layer
 * history. Field names follow the spec; the inner {@link ContainerConfig} uses docker's capitalised keys.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
        String created,
        String author,
        String architecture,
        String os,
        @JsonProperty("os.version") String osVersion,
        String variant,
        ContainerConfig config,
        RootFs rootfs,
        List<History> history) {

    public ImageConfig {
        history = history == null ? null : List.copyOf(history);
    }

    /** The {@code config} object: Env, Cmd, Entrypoint, WorkingDir, ExposedPorts, User, Labels, ... */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContainerConfig(
            @JsonProperty("User") String user,
            @JsonProperty("ExposedPorts") Map<String, Object> exposedPorts,
            @JsonProperty("Env") List<String> env,
            @JsonProperty("Entrypoint") List<String> entrypoint,
            @JsonProperty("Cmd") List<String> cmd,
            @JsonProperty("Volumes") Map<String, Object> volumes,
            @JsonProperty("WorkingDir") String workingDir,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("StopSignal") String stopSignal,
            @JsonProperty("ArgsEscaped") Boolean argsEscaped,
            @JsonProperty("Healthcheck") Map<String, Object> healthcheck,
            @JsonProperty("OnBuild") List<String> onBuild,
            @JsonProperty("Shell") List<String> shell) {

        public ContainerConfig {
            if (env != null) {
                for (String e : env) {
                    if (e == null || e.indexOf('=') <= 0) {
                        throw new JrunException("invalid Env entry \"" + e + "\" in image config: want NAME=value");
                    }
                }
            }
        }

        public static ContainerConfig empty() {
            return new ContainerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RootFs(String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
        public RootFs {
            if (type == null) {
                throw new JrunException("image config rootfs without type");
            }
            diffIds = diffIds == null ? List.of() : List.copyOf(diffIds);
        }

        public static RootFs layers(List<Digest> diffIds) {
            return new RootFs("layers", diffIds);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record History(
            String created,
            @JsonProperty("created_by") String createdBy,
            String author,
            String comment,
            @JsonProperty("empty_layer") Boolean emptyLayer) {

        public boolean isEmptyLayer() {
            return Boolean.TRUE.equals(emptyLayer);
        }
    }

    /** Parses a config blob; the error names its digest. Checks os, architecture and rootfs. */
    public static ImageConfig parse(byte[] bytes, Object digest) {
        ImageConfig c = Json.read(bytes, ImageConfig.class, "image config " + digest);
        if (c.rootfs == null) {
            throw new JrunException("image config " + digest + " has no rootfs");
        }
        return c;
    }

    public ContainerConfig configOrEmpty() {
        return config != null ? config : ContainerConfig.empty();
    }

    public List<Digest> diffIds() {
        return rootfs == null ? List.of() : rootfs.diffIds();
    }

    public List<History> historyOrEmpty() {
        return history == null ? List.of() : history;
    }

    /** A copy with one more layer and its history entry. */
    public ImageConfig withLayer(Digest diffId, History h) {
        List<Digest> ids = new ArrayList<>(diffIds());
        ids.add(diffId);
        List<History> hs = new ArrayList<>(historyOrEmpty());
        hs.add(h);
        return new ImageConfig(created, author, architecture, os, osVersion, variant, config, RootFs.layers(ids), hs);
    }

    public ImageConfig withCreated(String newCreated) {
        return new ImageConfig(newCreated, author, architecture, os, osVersion, variant, config, rootfs, history);
    }

    public ImageConfig withConfig(ContainerConfig cc) {
        return new ImageConfig(created, author, architecture, os, osVersion, variant, cc, rootfs, history);
    }
}
