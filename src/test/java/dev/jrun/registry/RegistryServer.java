package dev.jrun.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's docker-registry on 127.0.0.1 with storage in a given directory, for integration tests. */
final class RegistryServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/docker-registry");

    private final Process process;
    private final int port;

    private RegistryServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static RegistryServer start(Path dir) throws Exception {
        return start(dir, null);
    }

    /**
     * Starts a registry that, when users is not null, demands basic auth checked against these
     * user/password pairs (an htpasswd file of bcrypt hashes made by apache2-utils' htpasswd).
     */
    static RegistryServer start(Path dir, java.util.Map<String, String> users) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: run scripts/setup (Debian package docker-registry)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
                + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n"
                + (users == null ? "" : "auth:\n  htpasswd:\n    realm: jrun-test\n    path: " + htpasswd(dir, users)
                + "\n"));
        Process p = new ProcessBuilder(BINARY.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        RegistryServer server = new RegistryServer(p, port);
        HttpClient c = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                HttpResponse<Void> r = c.send(HttpRequest.newBuilder(URI.create("http://" + server.host() + "/v2/"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 || (users != null && r.statusCode() == 401)) {
                    return server;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException("docker-registry did not start: " + Files.readString(dir.resolve(
                        "registry.log")));
            }
            Thread.sleep(50);
        }
    }

    private static Path htpasswd(Path dir, java.util.Map<String, String> users) throws Exception {
        Path file = dir.resolve("htpasswd");
        StringBuilder lines = new StringBuilder();
        for (var u : users.entrySet()) {
            Process p = new ProcessBuilder("htpasswd", "-nbB", u.getKey(), u.getValue()).start();
            String line = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0 || line.isEmpty()) {
                throw new IllegalStateException("htpasswd -nbB failed (apache2-utils, installed by scripts/setup): "
                        + new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            lines.append(line).append('\n');
        }
        Files.writeString(file, lines);
        return file;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
