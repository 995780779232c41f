package dev.jrun.cli;

import dev.jrun.registry.DockerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logout", description = "Remove the stored login of a registry.")
final class LogoutCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", defaultValue = "docker.io")
    String server;

    @Option(names = "--authfile", paramLabel = "FILE", description = "Credentials file (default: docker's config.json).")
    Path authfile;

    /** host[:port] of a server argument that may be a URL (https://host:5000/v2/). */
    static String registryOf(String server) {
        String s = server.replaceFirst("^[a-zA-Z]+://", "");
        int slash = s.indexOf('/');
        s = slash >= 0 ? s.substring(0, slash) : s;
        return s.equals("index.docker.io") || s.equals("registry-1.docker.io") ? "docker.io" : s;
    }

    @Override
    public Integer call() {
        String registry = registryOf(server);
        DockerConfig cfg = authfile != null ? new DockerConfig(authfile) : DockerConfig.locate();
        if (cfg.remove(registry)) {
            System.out.println("Removing login credentials for " + DockerConfig.keyFor(registry));
        } else {
            System.out.println("Not logged in to " + DockerConfig.keyFor(registry));
        }
        return 0;
    }
}
