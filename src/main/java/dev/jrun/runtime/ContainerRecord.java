package dev.jrun.runtime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

    public static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    /** docker's rule for names: [a-zA-Z0-9][a-zA-Z0-9_.-]+ */
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

    public ContainerRecord {
        if (id == null || !ID.matcher(id).matches()) {
            throw new JrunException("invalid container id " + id);
        }
        name = name == null ? "" : name;
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
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
