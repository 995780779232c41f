package dev.jrun.linux;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * HeldLaunchTest's JVM that dies: holds a container before its exec (args: rootfs, id, fifo), prints the
 * container's pid, then waits to be killed, as a jrun killed in the middle of setting up a network would.
 */
public final class HeldLaunchVictim {
    private HeldLaunchVictim() {
    }

    public static void main(String[] args) throws Exception {
        Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("true")),
                args[1], new SpecBuilder.ImageFiles(BusyboxRootfs.PASSWD, BusyboxRootfs.GROUP), Map.of());
        HeldLaunch.start(Launcher.forThisHost(), spec, Path.of(args[0]), args[1], Stdio.files(null, Path.of("/dev/null"), Path.of("/dev/null")),
                Path.of(args[2]), pid -> {
                    System.out.println(pid);
                    System.out.flush();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }
}
