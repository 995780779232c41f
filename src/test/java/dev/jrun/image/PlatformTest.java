package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformTest {

    @Test
    void parsesOsArchVariant() {
        Platform p = Platform.parse("linux/arm64/v8");
        assertEquals("linux", p.os());
        assertEquals("arm64", p.architecture());
        assertEquals("v8", p.variant());
        assertEquals("linux/arm64/v8", p.toString());
        assertEquals(Platform.of("linux", "amd64", null), Platform.parse("linux/amd64"));
        assertNull(Platform.parse("linux/amd64").variant());
    }

    @Test
    void kernelArchitectureNamesBecomeGoNames() {
        assertEquals("amd64", Platform.parse("linux/x86_64").architecture());
        assertEquals("arm64", Platform.parse("linux/aarch64").architecture());
    }

    @Test
    void hostIsLinuxWithAGoArchitecture() {
        Platform host = Platform.host();
        assertEquals("linux", host.os());
        assertTrue(Set.of("amd64", "arm64", "386", "arm", "ppc64le", "s390x", "riscv64").contains(host.architecture()),
                host.architecture());
        assertEquals(host, Platform.parse(host.toString()));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"", "linux", "linux/", "/amd64", "linux//v8", "linux/arm64/", "linux/arm64/v8/extra", "/"})
    void refusesBadInput(String text) {
        JrunException e = assertThrows(JrunException.class, () -> Platform.parse(text));
        assertTrue(e.getMessage().contains("os/arch[/variant]"), e.getMessage());
    }

    @Test
    void refusesNullAndMissingFields() {
        assertThrows(JrunException.class, () -> Platform.parse(null));
        assertThrows(JrunException.class, () -> Platform.of("linux", "", null));
        assertThrows(JrunException.class, () -> Platform.of(null, "amd64", null));
    }

    @Test
    void jsonUsesSpecKeys() {
        Platform p = new Platform("amd64", "windows", "10.0.17763.1879", List.of("win32k"), null);
        String json = new String(Json.bytes(p), StandardCharsets.UTF_8);
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.1879\","
                + "\"os.features\":[\"win32k\"]}", json);
        assertEquals(p, Json.read(json.getBytes(StandardCharsets.UTF_8), Platform.class, "platform"));
    }
}
