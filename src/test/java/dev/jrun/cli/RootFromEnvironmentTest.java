package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JRUN_ROOT names the store when --root does not (read through StartEnv, not System.getenv). */
class RootFromEnvironmentTest {
    static String images(Path jrunRoot, String... globals) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.jrun.cli.Main"));
        cmd.addAll(List.of(globals));
        cmd.add("images");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JRUN_ROOT", jrunRoot.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void jrunRootIsTheStoreUnlessRootIsGiven(@TempDir Path dir) throws Exception {
        Path fromEnv = dir.resolve("from env");
        images(fromEnv);
        assertTrue(Files.isRegularFile(fromEnv.resolve("oci-layout")), "JRUN_ROOT's store was made");

        Path other = dir.resolve("env-2");
        Path flag = dir.resolve("flag");
        images(other, "--root", flag.toString());
        assertTrue(Files.isRegularFile(flag.resolve("oci-layout")), "--root's store was made");
        assertFalse(Files.exists(other), "--root wins over JRUN_ROOT");
    }
}
