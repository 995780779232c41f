package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs external programs (skopeo, podman, umoci, a child jrun) with a time limit, for interop tests. */
final class Tools {
    private Tools() {
    }

    record Output(int exitCode, String out) {
    }

    static Output run(Path workDir, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
            pb.environment().put("CONTAINERS_CONF", podmanConf(workDir).toString());
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static String ok(Path workDir, String... cmd) throws IOException, InterruptedException {
        Output o = run(workDir, List.of(cmd));
        assertEquals(0, o.exitCode(), String.join(" ", cmd) + " failed:\n" + o.out());
        return o.out();
    }

    /** podman needs cgroupfs, file events and rlimits that fit a host without systemd (DESIGN.md). */
    static Path podmanConf(Path dir) throws IOException {
        Path conf = dir.resolve("containers.conf");
        if (!Files.exists(conf)) {
            Files.writeString(conf, "[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"
                    + "[engine]\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
        }
        return conf;
    }

    /** podman with a private store under dir, so tests leave nothing in the host's. */
    static String[] podman(Path dir, String... args) {
        String[] base = {"podman", "--root", dir.resolve("podman-root").toString(), "--runroot",
                dir.resolve("podman-run").toString(), "--storage-driver", "vfs"};
        String[] all = new String[base.length + args.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(args, 0, all, base.length, args.length);
        return all;
    }

    /** The command line of a child JVM running jrun from this test's classpath. */
    static List<String> jrunCommand(Path root, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main",
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
