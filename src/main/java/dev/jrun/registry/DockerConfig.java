package dev.jrun.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Docker's {@code config.json} ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}):
 * {@code auths} with base64 {@code user:password}, and credential helpers ({@code credsStore},
 * {@code credHelpers}). Fields jrun does not know are kept when it writes the file.
 */
public final class DockerConfig {
    /** The key docker uses for Docker Hub in {@code auths}. */
    public static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;

    public DockerConfig(Path file) {
        this.file = file;
    }

    /** The config file chosen the way docker chooses it. */
    public static DockerConfig locate(Map<String, String> env, String home) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return new DockerConfig(Path.of(dir, "config.json"));
        }
        return new DockerConfig(Path.of(home, ".docker", "config.json"));
    }

    public static DockerConfig locate() {
        return locate(System.getenv(), System.getProperty("user.home"));
    }

    public Path file() {
        return file;
    }

    /** The key under which docker stores a registry's login: Docker Hub's v1 URL, else host[:port]. */
    public static String keyFor(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
    }

    static boolean isDockerHub(String registry) {
        return registry.equals("docker.io") || registry.equals("index.docker.io")
                || registry.equals("registry-1.docker.io");
    }

    /** Reduces a config.json key ({@code https://host:5000/v2/}) to host[:port]. */
    static String normalize(String key) {
        String k = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = k.indexOf('/');
        k = slash >= 0 ? k.substring(0, slash) : k;
        return isDockerHub(k) ? "docker.io" : k;
    }

    /** The credentials stored for a registry: a credential helper first, then {@code auths}. */
    public Optional<Credentials> get(String registry) {
        ObjectNode root = read();
        String want = normalize(registry);
        String helper = helperFor(root, want);
        if (helper != null) {
            Optional<Credentials> c = CredentialHelper.get(helper, keyFor(want));
            if (c.isPresent()) {
                return c;
            }
        }
        JsonNode auths = root.path("auths");
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!normalize(e.getKey()).equals(want)) {
                continue;
            }
            JsonNode entry = e.getValue();
            if (entry.hasNonNull("auth") && !entry.get("auth").asText().isEmpty()) {
                return Optional.of(Credentials.fromBase64(entry.get("auth").asText(), file + " auths." + e.getKey()));
            }
            if (entry.hasNonNull("username") && entry.hasNonNull("password")) {
                return Optional.of(new Credentials(entry.get("username").asText(), entry.get("password").asText()));
            }
        }
        return Optional.empty();
    }

    /** Stores credentials for a registry (through the credential helper when one is configured). */
    public void put(String registry, Credentials c) {
        ObjectNode root = read();
        String want = normalize(registry);
        String helper = helperFor(root, want);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeKeys(auths, want);
        if (helper != null) {
            CredentialHelper.store(helper, keyFor(want), c);
            auths.putObject(keyFor(want));
        } else {
            auths.putObject(keyFor(want)).put("auth", c.base64());
        }
        write(root);
    }

    /** Removes a registry's credentials; false if there were none. */
    public boolean remove(String registry) {
        ObjectNode root = read();
        String want = normalize(registry);
        boolean removed = false;
        String helper = helperFor(root, want);
        if (helper != null) {
            removed = CredentialHelper.erase(helper, keyFor(want));
        }
        if (root.get("auths") instanceof ObjectNode auths) {
            removed |= removeKeys(auths, want);
        }
        if (removed) {
            write(root);
        }
        return removed;
    }

    private static boolean removeKeys(ObjectNode auths, String registry) {
        boolean removed = false;
        for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
            if (normalize(it.next()).equals(registry)) {
                it.remove();
                removed = true;
            }
        }
        return removed;
    }

    private static String helperFor(ObjectNode root, String registry) {
        JsonNode helpers = root.path("credHelpers");
        for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (normalize(e.getKey()).equals(registry) && !e.getValue().asText().isEmpty()) {
                return e.getValue().asText();
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? null : store;
    }

    ObjectNode read() {
        if (!Files.exists(file)) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode n = Json.tree(Files.readAllBytes(file), "docker config " + file);
            if (!(n instanceof ObjectNode o)) {
                throw new JrunException("malformed docker config " + file + ": not a JSON object");
            }
            return o;
        } catch (IOException e) {
            throw new JrunException("read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(ObjectNode root) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "config-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, Json.pretty(root).concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new JrunException("write " + file + ": " + e.getMessage(), e);
        }
    }
}
