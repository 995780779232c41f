package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.image.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** linux.resources.devices as devices cgroup lines, and update's sizes. */
class DeviceRulesTest {
    private static final Path FILE = Path.of("config.json");

    private static List<String> parse(String json) {
        return DeviceRules.parse(Json.parse(json.getBytes(), "test"), FILE);
    }

    @Test
    void denyAllThenTheSpecsRulesThenRuncsDefaults() {
        List<String> want = new ArrayList<>(List.of("deny a", "deny a *:* rwm", "allow c 4:* rw", "allow b 8:0 r"));
        want.addAll(DeviceRules.DEFAULTS);
        assertEquals(want, parse("[{\"allow\": false, \"access\": \"rwm\"}, {\"allow\": true, \"type\": \"c\", \"major\": 4,"
                + " \"access\": \"rw\"}, {\"allow\": true, \"type\": \"b\", \"major\": 8, \"minor\": 0, \"access\": \"r\"}]"));
        assertEquals("deny a", DeviceRules.parse(null, FILE).get(0));
        assertTrue(DeviceRules.parse(null, FILE).containsAll(DeviceRules.DEFAULTS));
    }

    @Test
    void badRulesAreNamed() {
        OciException e = assertThrows(OciException.class, () -> parse("[{\"allow\": true, \"type\": \"x\"}]"));
        assertTrue(e.getMessage().contains("linux.resources.devices[0]: type \"x\""), e.getMessage());
        e = assertThrows(OciException.class, () -> parse("[{\"access\": \"rwm\"}]"));
        assertTrue(e.getMessage().contains("needs \"allow\""), e.getMessage());
        e = assertThrows(OciException.class, () -> parse("[{\"allow\": true, \"access\": \"rwx\"}]"));
        assertTrue(e.getMessage().contains("access \"rwx\""), e.getMessage());
        assertThrows(OciException.class, () -> parse("{}"));
    }

    @Test
    void updateSizes() {
        assertEquals(32L << 20, OciCgroupVerbs.bytes("32m"));
        assertEquals(1L << 30, OciCgroupVerbs.bytes("1G"));
        assertEquals(4096, OciCgroupVerbs.bytes("4k"));
        assertEquals(123, OciCgroupVerbs.bytes("123"));
        assertEquals(-1, OciCgroupVerbs.bytes("-1"));
        assertThrows(OciException.class, () -> OciCgroupVerbs.bytes("lots"));
    }
}
