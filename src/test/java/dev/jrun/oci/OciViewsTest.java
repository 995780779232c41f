package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrun.image.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** state's pretty JSON without Jackson: the same text as Jackson's default pretty printer. */
class OciViewsTest {
    @Test
    void prettyIsJacksonsLayout() throws Exception {
        OciState s = new OciState("1.0.2", "c1", 42, OciState.Status.running, "/b \"q\" {x}, [y]: z", "/b/rootfs",
                "2026-11-26T22:00:00Z", Map.of("a", "1", "b\\", "x,y"), null, null);
        Object nested = Map.of("o", Map.of(), "l", List.of(), "n", List.of(1, Map.of("k", List.of("v", "w"))), "s", "t");
        for (Object v : List.of(s, nested, List.of(Map.of("x", 1), Map.of("y", 2)))) {
            String want = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(v);
            assertEquals(want, OciViews.pretty(Json.bytes(v)));
        }
    }

    @Test
    void createdTimesAreRfc3339WithNanosecondsAsRuncPrintsThem() {
        for (String t : List.of("2026-11-27T00:41:03.123456789Z", "1970-01-01T00:00:00.000000000Z",
                "2000-02-29T23:59:59.000000001Z", "1969-12-31T23:59:59.999999999Z", "9999-12-31T00:00:00.100000000Z")) {
            assertEquals(t, OciState.rfc3339(java.time.Instant.parse(t)));
        }
        java.time.Instant now = java.time.Instant.now();
        assertEquals(now, java.time.Instant.parse(OciState.rfc3339(now)));
    }
}
