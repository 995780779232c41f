package dev.jrun.archive;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One entry of a docker-archive's manifest.json. */
@JsonIgnoreProperties(ignoreUnknown = true)
record DockerManifestEntry(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") List<String> repoTags,
        @JsonProperty("Layers") List<String> layers) {
    DockerManifestEntry {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
