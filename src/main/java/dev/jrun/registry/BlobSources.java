package dev.jrun.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.image.Digest;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Remembers in which registry repositories each blob was seen (pulled from or pushed to), so that a
 * push to another repository of the same registry can mount it instead of uploading it. A hint only:
 * a lost or stale entry costs an upload, never correctness.
 */
public final class BlobSources {
    private static final int MAX_PER_BLOB = 8;
    private final Path file;

    public BlobSources(Path registryDir) {
        this.file = registryDir.resolve("blob-sources.json");
    }

    /** Repositories (without the registry) of this registry known to hold the blob, newest first. */
    public synchronized List<String> repositories(Digest blob, String registry) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : read().path(blob.toString())) {
            String s = n.asText();
            if (s.startsWith(registry + "/")) {
                out.add(s.substring(registry.length() + 1));
            }
        }
        return out;
    }

    /** Records that these blobs are in registry/repository. */
    public synchronized void record(String registry, String repository, Collection<Digest> blobs) {
        ObjectNode root = read();
        String where = registry + "/" + repository;
        for (Digest d : blobs) {
            ArrayNode old = root.get(d.toString()) instanceof ArrayNode a ? a : Json.mapper().createArrayNode();
            ArrayNode next = Json.mapper().createArrayNode().add(where);
            for (JsonNode n : old) {
                if (!n.asText().equals(where) && next.size() < MAX_PER_BLOB) {
                    next.add(n.asText());
                }
            }
            root.set(d.toString(), next);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "sources-", ".tmp");
            try {
                Files.write(tmp, Json.bytes(root));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // a hint only: losing it costs an upload later
        }
    }

    private ObjectNode read() {
        try {
            if (Files.exists(file) && Json.mapper().readTree(file.toFile()) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // unreadable hint file: start afresh
        }
        return Json.mapper().createObjectNode();
    }
}
