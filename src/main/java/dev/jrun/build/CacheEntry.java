package dev.jrun.build;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.jrun.image.Descriptor;
import dev.jrun.image.Digest;
import dev.jrun.image.ImageConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a build step produced, stored under its key: the layer (null for a metadata-only step), the
 * container config after the step and its history entry, plus the key's parts so that a later miss
 * can say what changed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CacheEntry(String key, String parent, String instruction, Map<String, String> inputs,
        Descriptor layer, Digest diffId, ImageConfig.ContainerConfig config, ImageConfig.History history) {

    public CacheEntry {
        inputs = inputs == null ? Map.of() : new TreeMap<>(inputs);
    }

    public boolean hasLayer() {
        return layer != null;
    }
}
