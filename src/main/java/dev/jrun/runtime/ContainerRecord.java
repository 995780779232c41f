package dev.jrun.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;

/**
 * A container's fixed configuration (containers/&lt;id&gt;/config.json), docker-shaped: "Image" is the
 * image id, which the image store reads to protect images in use from rmi. An empty name in a draft
 * asks {@link ContainerStore#create} to generate one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerRecord(
        @JsonProperty("Id") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageName") String imageName,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("Layers") List<String> layers,
        @JsonProperty("AutoRemove") boolean autoRemove) {

    /** A container id: 64 lowercase hex digits. */
    public static boolean isId(String s) {
        return dev.jrun.image.Grammar.lowerHex(s, 64, 64);
    }

    public ContainerRecord {
        if (id == null || !isId(id)) {
            throw new JrunException("invalid container id " + id);
        }
        name = name == null ? "" : name;
        if (!name.isEmpty() && !dev.jrun.image.Grammar.containerName(name)) {
            throw new JrunException("invalid container name \"" + name + "\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        layers = layers == null ? List.of() : List.copyOf(layers);
        labels = labels == null ? null : Map.copyOf(labels);
    }

    public ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, image, imageName, created, path, args, env, workingDir, user, hostname,
                labels, stopSignal, layers, autoRemove);
    }

    public String shortId() {
        return id.substring(0, 12);
    }

    /** The command line as ps shows it. */
    public String command() {
        StringBuilder sb = new StringBuilder(path == null ? "" : path);
        for (String a : args) {
            sb.append(' ').append(a);
        }
        return sb.toString();
    }
}
