package dev.jrun.oci;

import dev.jrun.runtime.DockerDefaults;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Linux;
import dev.jrun.runtime.spec.Process;
import dev.jrun.runtime.spec.Root;
import dev.jrun.runtime.spec.Spec;
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
}
