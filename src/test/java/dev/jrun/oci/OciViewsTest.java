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
}
