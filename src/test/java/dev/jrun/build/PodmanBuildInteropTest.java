package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman judges what jrun build makes: an image built from the busybox fixture (multi-stage, COPY
 * with owners, RUN writing and deleting, WORKDIR, USER, ENV) is saved, loaded into podman and run there with runc; its files,
 * user, working directory and environment must be as the Dockerfile says. Root: podman's storage.
 */
@Tag("root")
class PodmanBuildInteropTest {
    private static final Path FIXTURE = Path.of(System.getProperty("jrun.fixtures", "rootfs-fixtures/build"), "busybox.tar");

    @TempDir
    Path tmp;

    @Test
    void podmanRunsWhatJrunBuilt() throws Exception {
        assertTrue(Files.isRegularFile(FIXTURE), FIXTURE + " is missing: run make fixtures");
        CliRunner jrun = new CliRunner(tmp.resolve("store"));
        assertEquals(0, jrun.run("load", "-i", FIXTURE.toString()).exitCode());
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("index.html"), "<h1>jrun</h1>\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox AS files
                COPY --chown=app:app index.html /site/index.html
                FROM busybox
                COPY --from=files /site /app/www
                RUN rm /var/www/index.html && echo ran > /app/ran
                WORKDIR /app
                ENV GREETING="hello from jrun"
                USER app
                CMD ["sh", "-c", "echo $GREETING; id -u; pwd; ls -ln /app/www; cat /app/www/index.html; cat /app/ran; ls /var/www | wc -l"]
                """);
        CliRunner.Result b = jrun.run("build", "-t", "interop:1", ctx.toString());
        assertEquals(0, b.exitCode(), b.err() + b.out());
        Path archive = tmp.resolve("image.tar");
        assertEquals(0, jrun.run("save", "-o", archive.toString(), "interop:1").exitCode());
        assertTrue(podman("load", "-i", archive.toString()).contains("interop:1"));
        String out = podman("run", "--rm", "--runtime", "runc", "--network", "none", "interop:1");
        assertTrue(out.contains("hello from jrun\n1000\n/app\n"), out);
        assertTrue(out.contains(" 1000 ") && out.contains("index.html"), "owner kept through COPY --from: " + out);
        assertTrue(out.contains("<h1>jrun</h1>\nran\n0\n"), "RUN's file and its deletion: " + out);
        assertEquals(out, jrunRun("run", "--rm", "--network", "none", "interop:1"), "jrun runs it the same");
        String history = podman("history", "--format", "{{.CreatedBy}}", "interop:1");
        assertTrue(history.contains("COPY --from=files /site /app/www"), history);
        assertTrue(history.contains("WORKDIR /app"), history);
    }

    /** jrun in a child JVM (run needs its own process: the launcher, signals, stdio). */
    private String jrunRun(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main",
                "--root", tmp.resolve("store").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private String podman(String... args) throws IOException, InterruptedException {
        Path conf = tmp.resolve("containers.conf");
        if (!Files.exists(conf)) {
            Files.writeString(conf, "[containers]\ndefault_ulimits = [\"nofile=20000:20000\", \"nproc=32768:32768\"]\n"
                    + "[engine]\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n");
        }
        List<String> cmd = new ArrayList<>(List.of("podman", "--root", tmp.resolve("podman-root").toString(),
                "--runroot", tmp.resolve("podman-run").toString(), "--storage-driver", "vfs"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
        return out;
    }
}
