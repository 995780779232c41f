package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortSpecsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5000:5000|0.0.0.0:5000->5000/tcp",
        "5000:8080|0.0.0.0:5000->8080/tcp",
        "127.0.0.1:5000:5000|127.0.0.1:5000->5000/tcp",
        "5000:5000/udp|0.0.0.0:5000->5000/udp",
        "127.0.0.1:53:53/UDP|127.0.0.1:53->53/udp",
        "8080|0.0.0.0:0->8080/tcp",
        "127.0.0.1::8080|127.0.0.1:0->8080/tcp",
        "7000-7002:7000-7002|0.0.0.0:7000->7000/tcp, 0.0.0.0:7001->7001/tcp, 0.0.0.0:7002->7002/tcp",
        "8000-8001:80-81/udp|0.0.0.0:8000->80/udp, 0.0.0.0:8001->81/udp",
        "7000-7001|0.0.0.0:0->7000/tcp, 0.0.0.0:0->7001/tcp",
    })
    void dockerForms(String flag, String expected) {
        assertEquals(expected, String.join(", ", PortSpecs.parse(flag).stream().map(PortMapping::toString).toList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc|\"abc\" is not a container port",
        "70000:80|host port 70000 is out of range",
        "80:70000|container port 70000 is out of range",
        "0:80|host port 0 is out of range",
        "1-3:1-2|the host range 1-3 and the container range 1-2 differ in size",
        "5:1-2|differ in size",
        "3-1:3-1|ends before it starts",
        "5000:5000/icmp|unknown protocol \"icmp\"",
        "300.1.1.1:80:80|\"300.1.1.1\" is not an IPv4 address",
        "localhost:80:80|\"localhost\" is not an IPv4 address",
        "|\"\" is not a container port",
        "5000:|\"\" is not a container port",
        "99999999999999999999:1|out of range",
    })
    void badValuesAreRefusedNamingTheFlagValue(String flag, String why) {
        String v = flag == null ? "" : flag;
        JrunException e = assertThrows(JrunException.class, () -> PortSpecs.parse(v));
        assertTrue(e.getMessage().startsWith("invalid -p \"" + v + "\": "), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertEquals(125, e.exitCode());
    }

    @org.junit.jupiter.api.Test
    void publishAllTakesTheImagesExposedPorts() {
        Map<String, Object> exposed = new LinkedHashMap<>();
        exposed.put("80/tcp", Map.of());
        exposed.put("53/udp", Map.of());
        assertEquals(List.of(new PortMapping("", 0, 53, "udp"), new PortMapping("", 0, 80, "tcp")),
                PortSpecs.exposed(exposed));
        assertEquals(List.of(), PortSpecs.exposed(null));
    }
}
