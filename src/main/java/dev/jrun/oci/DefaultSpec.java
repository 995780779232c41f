package dev.jrun.oci;

import dev.jrun.image.Json;
import dev.jrun.runtime.DockerDefaults;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Linux;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Root;
import dev.jrun.runtime.spec.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What {@code spec} writes: runc's default config.json shape (args ["sh"], a terminal, rootfs
 * "rootfs", hostname "runc"... here "jrun") with docker's capabilities, mounts, masked and read-only paths.
 */
public final class DefaultSpec {
    private DefaultSpec() {
    }

    public static Spec create() {
        List<String> caps = CapabilityNames.DOCKER_DEFAULT;
        Process p = new Process(true, new Process.User(0, 0, null, null), List.of("sh"),
                List.of("PATH=" + DockerDefaults.PATH, "TERM=xterm"), "/",
                new Process.Capabilities(caps, caps, null, caps, null),
                List.of(new Process.Rlimit("RLIMIT_NOFILE", 1024, 1024)), true);
        List<Linux.Namespace> ns = List.of(new Linux.Namespace("pid", null), new Linux.Namespace("network", null),
                new Linux.Namespace("ipc", null), new Linux.Namespace("uts", null), new Linux.Namespace("mount", null));
        Linux linux = new Linux(ns, null, null, DockerDefaults.MASKED_PATHS, DockerDefaults.READONLY_PATHS, null, null);
        return new Spec(Spec.VERSION, p, new Root("rootfs", true), "jrun", DockerDefaults.mounts(false), null, null,
                linux);
    }

    /** Writes bundle/config.json; an existing one is an error, as with runc spec. */
    public static void write(Path bundle) {
        Path f = bundle.resolve("config.json");
        if (Files.exists(f)) {
            throw new OciException("File " + f + " exists. Remove it first");
        }
        try {
            Files.write(f, Json.pretty(DefaultSpec.create()).getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new OciException("write " + f + ": " + e, e);
        }
    }
}
