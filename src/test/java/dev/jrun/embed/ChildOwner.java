package dev.jrun.embed;

import java.nio.file.Path;

/**
 * A JVM that owns a container, for {@link OwnerCleanupTest}: starts {@code sleep 300} in the store at
 * args[0], prints the container's id, then with args[1] = "exit" exits normally (the shutdown hook must
 * remove it) or with "hold" waits to be killed.
 */
public final class ChildOwner {
    private ChildOwner() {
    }

    public static void main(String[] args) throws Exception {
        Jrun jrun = Jrun.withRoot(Path.of(args[0]));
        RunningContainer c = jrun.start(ContainerSpec.of("busybox").withCommand("sleep", "300"));
        System.out.println(c.id());
        System.out.flush();
        if (args[1].equals("exit")) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }
}
