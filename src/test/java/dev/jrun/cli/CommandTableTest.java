package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** The verbs --help lists and the classes a lookup finds are the same table, and each is picocli's command of that name. */
class CommandTableTest {
    @Test
    void everyListedVerbIsFoundAndNamesItsCommand() {
        int n = 0;
        for (Map.Entry<String, Class<?>> e : Main.COMMANDS.entrySet()) {
            String verb = e.getKey();
            assertNotNull(e.getValue(), verb);
            assertEquals(e.getValue(), Main.COMMANDS.get(verb), verb);
            assertTrue(Main.COMMANDS.containsKey(verb), verb);
            Command c = e.getValue().getAnnotation(Command.class);
            assertNotNull(c, verb + ": " + e.getValue());
            assertEquals(verb, c.name(), e.getValue().getName());
            n++;
        }
        assertTrue(n >= 38, n + " commands");
        assertNull(Main.COMMANDS.get("no-such-verb"));
        assertNull(Main.COMMANDS.get(42));
        assertEquals(false, Main.COMMANDS.containsKey("RUN"));
    }
}
