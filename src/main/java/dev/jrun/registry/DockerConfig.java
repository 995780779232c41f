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
        return locate(env.get("DOCKER_CONFIG"), home);
    }

    /** As {@link #locate(Map, String)}, for this process (no System.getenv map: ~1 ms of every push and pull). */
    public static DockerConfig locate() {
        return locate(dev.jrun.StartEnv.get("DOCKER_CONFIG"), System.getProperty("user.home"));
    }

    private static DockerConfig locate(String dir, String home) {
        if (dir != null && !dir.isEmpty()) {
            return new DockerConfig(Path.of(dir, "config.json"));
        }
        return new DockerConfig(Path.of(home, ".docker", "config.json"));
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

    /**
     * The credentials stored for a registry: a credential helper first, then {@code auths}. Read as plain
     * maps, without Jackson: every pull and push asks (~90 ms of a cold start for Jackson's mapper).
     */
    public Optional<Credentials> get(String registry) {
        if (!exists()) {
            return Optional.empty();
        }
        Map<?, ?> root = readPlain();
        String want = normalize(registry);
        String helper = helperFor(root, want);
        if (helper != null) {
            Optional<Credentials> c = CredentialHelper.get(helper, keyFor(want));
            if (c.isPresent()) {
                return c;
            }
        }
        if (root.get("auths") instanceof Map<?, ?> auths) {
            for (Map.Entry<?, ?> e : auths.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!normalize(key).equals(want) || !(e.getValue() instanceof Map<?, ?> entry)) {
                    continue;
                }
                String auth = text(entry.get("auth"));
                if (auth != null && !auth.isEmpty()) {
                    return Optional.of(Credentials.fromBase64(auth, file + " auths." + key));
                }
                String user = text(entry.get("username"));
                String password = text(entry.get("password"));
                if (user != null && password != null) {
                    return Optional.of(new Credentials(user, password));
                }
            }
        }
        return Optional.empty();
    }

    /** A scalar as text (as Jackson's asText), null for null, objects and arrays. */
    private static String text(Object v) {
        return v == null || v instanceof Map || v instanceof java.util.List ? null : String.valueOf(v);
    }

    /** Stores credentials for a registry (through the credential helper when one is configured). */
    public void put(String registry, Credentials c) {
        ObjectNode root = read();
        String want = normalize(registry);
        String helper = helperFor(readPlain(), want);
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
        String helper = helperFor(readPlain(), want);
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

    private static String helperFor(Map<?, ?> root, String registry) {
        if (root.get("credHelpers") instanceof Map<?, ?> helpers) {
            for (Map.Entry<?, ?> e : helpers.entrySet()) {
                String h = text(e.getValue());
                if (normalize(String.valueOf(e.getKey())).equals(registry) && h != null && !h.isEmpty()) {
                    return h;
                }
            }
        }
        String store = text(root.get("credsStore"));
        return store == null || store.isEmpty() ? null : store;
    }

    /**
     * Whether the file exists, through java.io: every pull and push asks, and Files.exists costs an
     * interpreted JVM several times as much (its NIO file-system classes).
     */
    private boolean exists() {
        return new java.io.File(file.toString()).exists();
    }

    /** The file as plain maps (Json.parse); a missing file is an empty object. */
    Map<?, ?> readPlain() {
        if (!exists()) {
            return Map.of();
        }
        try {
            // PlainFiles, not Files.readAllBytes: its FileChannel costs a push ~2.6 ms of class set-up
            if (!(Json.parse(dev.jrun.PlainFiles.read(file), "docker config " + file) instanceof Map<?, ?> m)) {
                throw new JrunException("malformed docker config " + file + ": not a JSON object");
            }
            return m;
        } catch (IOException e) {
            throw new JrunException("read " + file + ": " + e.getMessage(), e);
        }
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
