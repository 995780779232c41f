package dev.jrun.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLogTest {
    @TempDir
    Path dir;

    @Test
    void linesAreDockersJsonFileFormatWithNanosecondTimes() {
        String line = new String(JsonLog.encode("hi \"there\"\n", "stdout", Instant.parse("2026-11-26T17:00:01.5Z")),
                StandardCharsets.UTF_8);
        assertEquals("{\"log\":\"hi \\\"there\\\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-26T17:00:01.500000000Z\"}\n",
                line);
        JsonLog.Entry e = JsonLog.parse(line.strip());
        assertEquals("hi \"there\"\n", e.log());
        assertEquals(Instant.parse("2026-11-26T17:00:01.5Z"), e.instant());
        assertNull(JsonLog.parse("{\"log\":\"torn"));
        assertNull(JsonLog.parse(""));
    }

    @Test
    void linesAreSplitAtNewlinesAcrossChunksAndALastPartialLineIsKept() throws Exception {
        Path f = dir.resolve("c-json.log");
        try (JsonLog log = JsonLog.append(f)) {
            LineSplitter lines = new LineSplitter(text -> {
                try {
                    log.write(text, "stderr");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] chunk1 = "a\nb".getBytes(StandardCharsets.UTF_8);
            byte[] chunk2 = "\n\nlast".getBytes(StandardCharsets.UTF_8);
            lines.feed(chunk1, chunk1.length);
            lines.feed(chunk2, chunk2.length);
            lines.flush();
        }
        List<JsonLog.Entry> entries = Files.readAllLines(f).stream().map(JsonLog::parse).toList();
        assertEquals(List.of("a\n", "b\n", "\n", "last"), entries.stream().map(JsonLog.Entry::log).toList());
        assertTrue(entries.stream().allMatch(e -> e.stream().equals("stderr")));
    }

    @Test
    void sinceTakesTimesUnixSecondsAndDurations() {
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        assertEquals(Instant.parse("2026-11-26T11:50:00Z"), JsonLog.parseSince("10m", now));
        assertEquals(Instant.parse("2026-11-26T10:29:30Z"), JsonLog.parseSince("1h30m30s", now));
        assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), JsonLog.parseSince("1700000000.5", now));
        assertEquals(Instant.parse("2026-01-02T13:23:37Z"), JsonLog.parseSince("2026-01-02T13:23:37Z", now));
        assertEquals(Instant.parse("2026-01-02T12:23:37Z"), JsonLog.parseSince("2026-01-02T13:23:37+01:00", now));
        assertEquals(Instant.parse("2026-01-02T00:00:00Z"), JsonLog.parseSince("2026-01-02", now));
        JrunException e = assertThrows(JrunException.class, () -> JsonLog.parseSince("yesterday", now));
        assertTrue(e.getMessage().contains("yesterday"));
    }

    @Test
    void theMonitorKeepsTheClisJvmFlagsButNotItsHeapGcOrJitOnes() {
        assertFalse(Detacher.keep("-XX:SharedArchiveFile=/x/jrun.jsa"));
        assertTrue(Detacher.keep("-Djffi.boot.library.path=/x/native"));
        assertTrue(Detacher.keep("-Djrun.fixtures=/f"));
        assertFalse(Detacher.keep("-Xmx2g"));
        assertFalse(Detacher.keep("-XX:+UseG1GC"));
        assertFalse(Detacher.keep("-XX:ArchiveClassesAtExit=/x.jsa"));
        assertFalse(Detacher.keep("-agentlib:jdwp=transport=dt_socket"));
        List<String> cmd = Detacher.monitorCommand(Path.of("/var/lib/jrun"));
        assertEquals(List.of("dev.jrun.cli.ContainerMonitorCommand", "--root", "/var/lib/jrun", "container-monitor"),
                cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(cmd.contains("-Xmx16m") && cmd.contains("-XX:+UseSerialGC"), cmd.toString());
    }
}
