package dev.jrun.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which images containers use, read from each {@code containers/<id>/config.json} ("Image": the image
 * id, as docker's container inspect shows it). Worked out from the files every time, never counted.
 */
public final class ImagesInUse {
    private ImagesInUse() {
    }

    public static Set<String> imageIds(StorePaths paths) {
        Set<String> ids = new HashSet<>();
        if (!Files.isDirectory(paths.containers())) {
            return ids;
        }
        try (Stream<Path> s = Files.list(paths.containers())) {
            s.forEach(dir -> {
                Path cfg = paths.containerConfig(dir.getFileName().toString());
                try {
                    JsonNode n = Json.tree(Files.readAllBytes(cfg), cfg.toString());
                    if (n.hasNonNull("Image")) {
                        ids.add(n.get("Image").asText());
                    }
                } catch (IOException | RuntimeException e) {
                    // a container dir without a readable config is being created or removed
                }
            });
        } catch (IOException e) {
            throw new dev.jrun.JrunException("list " + paths.containers() + ": " + e.getMessage(), e);
        }
        return ids;
    }
}
