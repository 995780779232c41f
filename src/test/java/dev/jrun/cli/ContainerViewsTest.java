package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrun.JrunException;
import dev.jrun.linux.Signals;
import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerViewsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String ID = "a".repeat(64);

    @Test
    void statusSaysUpExitedOrCreatedAsDockerDoes() {
        ContainerState created = ContainerState.created();
        assertEquals("Created", ContainerViews.status(created, NOW));
        ContainerState up = created.running(42, 1, null, "2026-11-26T11:59:57Z");
        assertEquals("Up 3 seconds", ContainerViews.status(up, NOW));
        assertEquals("Up Less than a second", ContainerViews.status(created.running(42, 1, null, NOW.toString()), NOW));
        assertEquals("Up About an hour", ContainerViews.status(created.running(42, 1, null, "2026-11-26T10:50:00Z"), NOW));
        assertEquals("Exited (0) 2 minutes ago", ContainerViews.status(up.exited(0, "2026-11-26T11:58:00Z"), NOW));
        assertEquals("Exited (137) 4 seconds ago", ContainerViews.status(up.exited(137, "2026-11-26T11:59:55.2Z"), NOW));
    }

    @Test
    void commandIsQuotedAndCutAtTwentyCharacters() {
        ContainerRecord r = new ContainerRecord(ID, "nm", "sha256:" + "b".repeat(64), "busybox", NOW.toString(), "sh",
                List.of("-c", "while true; do echo \"x\"; done"), List.of(), null, null, null, null, null, List.of(), false);
        assertEquals("\"sh -c while true; d…\"", ContainerViews.command(r, false));
        assertEquals("\"sh -c while true; do echo \\\"x\\\"; done\"", ContainerViews.command(r, true));
        assertEquals(ID.substring(0, 12), ContainerViews.row(new dev.jrun.runtime.Container(r, ContainerState.created()),
                false, NOW).get("ID"));
    }

    @Test
    void tailAndSignalsParse() {
        assertEquals(-1, LogsCommand.parseTail("all"));
        assertEquals(3, LogsCommand.parseTail("3"));
        assertEquals(List.of(4, 5), LogsCommand.tail(List.of(1, 2, 3, 4, 5), 2));
        assertEquals(List.of(), LogsCommand.tail(List.of(1, 2), 0));
        assertEquals(List.of(1, 2), LogsCommand.tail(List.of(1, 2), -1));
        assertThrows(JrunException.class, () -> LogsCommand.parseTail("many"));
        assertEquals(15, Signals.parse("TERM"));
        assertEquals(15, Signals.parse("SIGTERM"));
        assertEquals(9, Signals.parse("kill"));
        assertEquals(10, Signals.parse("10"));
        assertThrows(JrunException.class, () -> Signals.parse("NOPE"));
        assertThrows(JrunException.class, () -> Signals.parse("99"));
    }
}
