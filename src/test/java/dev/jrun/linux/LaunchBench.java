package dev.jrun.linux;

import dev.jrun.image.ImageConfig.ContainerConfig;
import dev.jrun.runtime.RunOptions;
import dev.jrun.runtime.SpecBuilder;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Launch timing (not a test): {@code LaunchBench ROOTFS N} runs N containers of {@code true} and
 * prints medians of clone3-to-exec and of the whole run; N=1 is for hyperfine's whole-process runs.
 */
public final class LaunchBench {
    private LaunchBench() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        Path rootfs = Path.of(args[0]);
        if (!Files.exists(rootfs.resolve("bin/busybox"))) {
            BusyboxRootfs.create(rootfs.getParent());
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Launcher launcher = Launcher.forThisHost();
        long[] clone = new long[n];
        long[] whole = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            String id = "bench-" + ProcessHandle.current().pid() + "-" + i;
            Spec spec = SpecBuilder.build(ContainerConfig.empty(), RunOptions.defaults().withCommand(List.of("true")),
                    id, SpecBuilder.ImageFiles.none(), Map.of());
            try (Launcher.Started st = launcher.start(spec, rootfs, id, Stdio.inherit())) {
                clone[i] = st.cloneToExecNanos();
                if (st.waitFor() != 0) {
                    throw new IllegalStateException("container exited non-zero");
                }
            }
            whole[i] = System.nanoTime() - s;
        }
        if (n > 1) {
            System.out.printf("launches: %d%nclone3->exec median %.2f ms (min %.2f)%nwhole run median %.2f ms (min %.2f)%n",
                    n, median(clone), min(clone), median(whole), min(whole));
        } else {
            System.out.printf("first launch in a fresh JVM: clone3->exec %.2f ms, whole run %.2f ms, main() total %.2f ms%n",
                    clone[0] / 1e6, whole[0] / 1e6, (System.nanoTime() - t0) / 1e6);
        }
    }

    static double median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2] / 1e6;
    }

    static double min(long[] v) {
        return Arrays.stream(v).min().orElse(0) / 1e6;
    }
}
