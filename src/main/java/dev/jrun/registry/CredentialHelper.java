package dev.jrun.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs docker credential helpers ({@code docker-credential-<name> get|store|erase}) as docker does. */
final class CredentialHelper {
    private CredentialHelper() {
    }

    static Optional<Credentials> get(String helper, String server) {
        return get(helper, server, null);
    }

    /** Runs the helper from dir (null: from PATH). */
    static Optional<Credentials> get(String helper, String server, java.nio.file.Path dir) {
        Result r = run(helper, "get", server, dir);
        if (r.exitCode != 0) {
            if (r.out.contains("credentials not found")) {
                return Optional.empty();
            }
            throw new JrunException("docker-credential-" + helper + " get " + server + " failed: " + r.out.trim());
        }
        JsonNode n = Json.tree(r.out.getBytes(StandardCharsets.UTF_8), "answer of docker-credential-" + helper);
        String user = n.path("Username").asText("");
        String secret = n.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user.equals("<token>") ? "<token>" : user, secret));
    }

    static void store(String helper, String server, Credentials c) {
        String json = new String(Json.bytes(Map.of("ServerURL", server, "Username", c.username(),
                "Secret", c.password())), StandardCharsets.UTF_8);
        Result r = run(helper, "store", json, null);
        if (r.exitCode != 0) {
            throw new JrunException("docker-credential-" + helper + " store failed: " + r.out.trim());
        }
    }

    static boolean erase(String helper, String server) {
        return run(helper, "erase", server, null).exitCode == 0;
    }

    private record Result(int exitCode, String out) {
    }

    private static Result run(String helper, String verb, String stdin, java.nio.file.Path dir) {
        String exe = dir == null ? "docker-credential-" + helper : dir.resolve("docker-credential-" + helper).toString();
        try {
            Process p = new ProcessBuilder(exe, verb).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new JrunException(exe + " " + verb + " timed out after 30s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JrunException("run credential helper " + exe + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JrunException(exe + " " + verb + " interrupted", e);
        }
    }
}
