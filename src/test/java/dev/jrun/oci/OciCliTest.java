package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Json;
import dev.jrun.runtime.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runc command line without a kernel: spec, argument and state errors, --log, signal names. */
class OciCliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new OciCli(new PrintStream(out, true), new PrintStream(err, true)).run(List.of(args));
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void specWritesRuncsDefaultShapeAndRefusesToOverwrite() throws Exception {
        assertEquals(0, run("--root", dir.resolve("state").toString(), "spec", "--bundle", dir.toString()));
        Spec s = Spec.read(dir.resolve("config.json"));
        assertEquals(List.of("sh"), s.process().args());
        assertTrue(s.process().terminalOrFalse());
        assertEquals("rootfs", s.root().path());
        assertTrue(s.linux().hasNamespace("pid") && s.linux().hasNamespace("mount"));
        assertTrue(s.process().capabilities().bounding().contains("CAP_CHOWN"));
        assertFalse(s.process().capabilities().bounding().contains("CAP_SYS_ADMIN"));
        byte[] before = Files.readAllBytes(dir.resolve("config.json"));

        assertEquals(1, run("spec", "-b", dir.toString()));
        assertTrue(err().contains("config.json exists"), err());
        assertEquals(new String(before), Files.readString(dir.resolve("config.json")));
    }

    @Test
    void versionAnswersInRuncsShape() {
        // podman info and containerd ask the runtime binary for `--version` and show its first line
        assertEquals(0, run("--root", dir.toString(), "--version"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].matches("jrun version \\d+\\.\\d+\\.\\d+"), lines[0]);
        assertEquals("spec: " + Spec.VERSION, lines[1]);
        assertEquals("", err());
        out.reset();
        assertEquals(0, run("-v"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("jrun version "));
    }

    @Test
    void unknownContainerIsAnErrorOnStderrAndAJsonLogLine() throws Exception {
        Path log = dir.resolve("log.json");
        assertEquals(1, run("--root", dir.toString(), "--log", log.toString(), "--log-format", "json", "state", "nope"));
        assertEquals("jrun: container \"nope\" does not exist\n", err());
        JsonNode line = Json.tree(Files.readAllBytes(log), "log");
        assertEquals("error", line.get("level").asText());
        assertEquals("container \"nope\" does not exist", line.get("msg").asText());
        assertEquals(1, run("--root", dir.toString(), "delete", "nope"));
        assertEquals(0, run("--root", dir.toString(), "delete", "--force", "nope"), "runc: delete --force of nothing is fine");
        assertEquals(1, run("--root", dir.toString(), "kill", "nope", "KILL"));
    }

    @Test
    void refusedOptionsAndIdsSayWhy() {
        assertEquals(1, run("--systemd-cgroup", "list"));
        assertTrue(err().contains("--systemd-cgroup is not supported"), err());
        assertEquals(1, run("--root", dir.toString(), "state", "../etc"));
        assertTrue(err().contains("invalid container id"), err());
        assertEquals(1, run("--root", dir.toString(), "exec", "x"));
        assertTrue(err().contains("exec: no command given"), err());
        assertEquals(1, run("--root", dir.toString(), "checkpoint", "x"));
        assertTrue(err().contains("checkpoint is not supported by jrun oci yet"), err());
        assertEquals(1, run("--root", dir.toString(), "events", "x"));
        assertTrue(err().contains("only --stats"), err());
        assertEquals(1, run("--root", dir.toString(), "run"));
        assertTrue(err().contains("requires exactly 1 argument"), err());
    }

    @Test
    void listOfAnEmptyRootPrintsOnlyTheHeader() {
        assertEquals(0, run("--root", dir.resolve("none").toString(), "list", "-q"));
        assertEquals("", out.toString());
        assertEquals(0, run("--root", dir.resolve("none").toString(), "list", "--format=json"));
        assertEquals("[ ]", out.toString().strip());
    }

    @ParameterizedTest
    @CsvSource({"KILL,9", "SIGKILL,9", "9,9", "term,15", "SIGUSR1,10", "HUP,1", "WINCH,28", "RTMIN,34", "0,0"})
    void signalNames(String name, int number) {
        assertEquals(number, SignalNames.parse(name));
    }

    @Test
    void badSignalNames() {
        assertThrows(OciException.class, () -> SignalNames.parse("NOPE"));
        assertThrows(OciException.class, () -> SignalNames.parse("-1"));
        assertThrows(OciException.class, () -> SignalNames.parse("65"));
    }
}
