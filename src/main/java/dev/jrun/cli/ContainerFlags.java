package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.network.PortSpecs;
import dev.jrun.runtime.NetworkFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags that shape a container, shared by run and create (a picocli mixin). */
final class ContainerFlags {
    @Option(names = "--name", description = "Assign a name to the container.")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set environment variables.")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Read environment variables from a file.")
    List<Path> envFiles = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: <name|uid>[:<group|gid>]).")
    String user;

    @Option(names = {"-h", "--hostname"}, description = "Container host name.")
    String hostname;

    @Option(names = "--entrypoint", description = "Overwrite the default ENTRYPOINT of the image.")
    String entrypoint;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST:]CONTAINER[/PROTO]",
            description = "Publish a container's port(s) to the host (8080, 5000:8080, 127.0.0.1:5000:8080/udp, "
                    + "7000-7002:7000-7002).")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish all exposed ports to random host ports.")
    boolean publishAll;

    @Option(names = "--dns", paramLabel = "IP", description = "Set custom DNS servers.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--add-host", paramLabel = "HOST:IP", description = "Add a custom host-to-IP mapping.")
    List<String> addHosts = new ArrayList<>();

    /** -p, -P, --dns, --add-host as given (checked when the container starts, errors naming the value). */
    NetworkFlags networkFlags() {
        for (String p : publish) {
            PortSpecs.parse(p); // a malformed -p fails here, before anything is created
        }
        return new NetworkFlags(publish, publishAll, dns, addHosts);
    }

    /** --env-file entries, then -e, with "-e NAME" taking the host's value as docker does. */
    List<String> environment() {
        return environment(envFiles, env);
    }

    /** The entries of the env files, then the -e flags, expanded (also used by exec). */
    static List<String> environment(List<Path> envFiles, List<String> env) {
        List<String> all = new ArrayList<>();
        for (Path f : envFiles) {
            all.addAll(readEnvFile(f));
        }
        all.addAll(env);
        return expandEnv(all);
    }

    /** docker: "-e NAME" passes the host's value of NAME, and is left out when the host has none. */
    static List<String> expandEnv(List<String> env) {
        List<String> out = new ArrayList<>();
        for (String e : env) {
            if (e.contains("=")) {
                out.add(e);
            } else if (System.getenv(e) != null) {
                out.add(e + "=" + System.getenv(e));
            }
        }
        return out;
    }

    static List<String> readEnvFile(Path f) {
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    out.add(l);
                }
            }
            return out;
        } catch (IOException e) {
            throw new JrunException("read env file " + f + ": " + e.getMessage(), e);
        }
    }
}
