package dev.jrun.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import dev.jrun.image.Digest;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What containers use, read from each {@code containers/<id>/config.json}: "Image" (the image id, as
 * docker's container inspect shows it), protected from rmi; "Layers" (the chain ids of its lower layers),
 * kept unpacked while the container exists even if its image is removed. Worked out from the files every
 * time, never counted.
 */
public final class ContainerRefs {
    private ContainerRefs() {
    }

    public static Set<String> imageIds(StorePaths paths) {
        Set<String> ids = new HashSet<>();
        for (JsonNode n : configs(paths)) {
            if (n.hasNonNull("Image")) {
                ids.add(n.get("Image").asText());
            }
        }
        return ids;
    }

    public static Set<Digest> layerChainIds(StorePaths paths) {
        Set<Digest> ids = new HashSet<>();
        for (JsonNode n : configs(paths)) {
            if (n.has("Layers")) {
                n.get("Layers").forEach(l -> ids.add(Digest.parse(l.asText())));
            }
        }
        return ids;
    }

    private static List<JsonNode> configs(StorePaths paths) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(paths.containers())) {
            return out;
        }
        try (Stream<Path> s = Files.list(paths.containers())) {
            for (Path dir : (Iterable<Path>) s::iterator) {
                Path cfg = paths.containerConfig(dir.getFileName().toString());
                try {
                    out.add(Json.tree(Files.readAllBytes(cfg), cfg.toString()));
                } catch (IOException | JrunException e) {
                    // a container dir without a readable config is being created or removed
                }
            }
        } catch (IOException e) {
            throw new JrunException("list " + paths.containers() + ": " + e.getMessage(), e);
        }
        return out;
    }
}
