package dev.jrun.runtime.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An OCI runtime-spec configuration: the model of a bundle's {@code config.json}. The launcher's
 * only input; {@code jrun run} builds one from an image config and flags (see SpecBuilder).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Spec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        List<Mount> mounts,
        Hooks hooks,
        Map<String, String> annotations,
        Linux linux) {

    public static final String VERSION = "1.0.2";

    public Spec {
        if (process == null) {
            throw new JrunException("runtime spec without process");
        }
        if (root == null) {
            throw new JrunException("runtime spec without root");
        }
        ociVersion = ociVersion == null ? VERSION : ociVersion;
        mounts = mounts == null ? List.of() : List.copyOf(mounts);
        annotations = annotations == null ? null : Map.copyOf(annotations);
        linux = linux == null ? Linux.empty() : linux;
    }

    public static Spec parse(byte[] json, String what) {
        return Json.read(json, Spec.class, what);
    }

    /** As {@link #parse}, from tree, what Json.parse made of json (see Json.read(Object, byte[], ...)). */
    public static Spec parse(Object tree, byte[] json, String what) {
        return Json.read(tree, json, Spec.class, what);
    }

    public static Spec read(Path configJson) {
        try {
            return parse(Files.readAllBytes(configJson), configJson.toString());
        } catch (IOException e) {
            throw new JrunException("read " + configJson + ": " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }

    public Spec withProcess(Process p) {
        return new Spec(ociVersion, p, root, hostname, mounts, hooks, annotations, linux);
    }

    public Spec withMounts(List<Mount> m) {
        return new Spec(ociVersion, process, root, hostname, m, hooks, annotations, linux);
    }

    public Spec withLinux(Linux l) {
        return new Spec(ociVersion, process, root, hostname, mounts, hooks, annotations, l);
    }
}
