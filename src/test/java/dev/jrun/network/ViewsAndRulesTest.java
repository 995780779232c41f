package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import dev.jrun.runtime.EtcFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewsAndRulesTest {
    private static final String ID = "a".repeat(64);

    private NetworkRecord record() {
        List<PortMapping> ports = new ArrayList<>(PortSpecs.parse("5000:8080"));
        ports.addAll(PortSpecs.parse("127.0.0.1:5353:53/udp"));
        NetworkRecord r = NetworkRecord.of("bridge", CniConfig.bridge("jrun", "jrun0", "10.89.0.0/16"), "/run/jrun/netns/x",
                ports);
        return r.withResult(Map.of("cniVersion", "1.0.0"),
                new CniResult("10.89.0.5", 16, "10.89.0.1", "aa:bb:cc:dd:ee:ff"));
    }

    @Test
    void psPortAndInspectShowThePortsAsDockerDoes() {
        NetworkRecord r = record();
        assertEquals("0.0.0.0:5000->8080/tcp, 127.0.0.1:5353->53/udp", PortViews.psColumn(r));
        assertEquals(List.of("8080/tcp -> 0.0.0.0:5000", "53/udp -> 127.0.0.1:5353"), PortViews.portLines(r, null));
        assertEquals(List.of("0.0.0.0:5000"), PortViews.portLines(r, "8080"));
        assertEquals(List.of(), PortViews.portLines(r, "53"));
        Map<String, Object> ns = PortViews.networkSettings(r, "/run/jrun/netns/x");
        assertEquals("10.89.0.5", ns.get("IPAddress"));
        assertEquals("10.89.0.1", ns.get("Gateway"));
        assertEquals("aa:bb:cc:dd:ee:ff", ns.get("MacAddress"));
        assertEquals(16, ns.get("IPPrefixLen"));
        assertEquals("{8080/tcp=[{HostIp=0.0.0.0, HostPort=5000}], 53/udp=[{HostIp=127.0.0.1, HostPort=5353}]}",
                sorted(ns.get("Ports").toString()));
        assertEquals("", PortViews.psColumn(null));
        assertEquals("", PortViews.networkSettings(null, "x").get("IPAddress"));
    }

    private static String sorted(String s) {
        return s.replace("{HostPort=5000, HostIp=0.0.0.0}", "{HostIp=0.0.0.0, HostPort=5000}")
                .replace("{HostPort=5353, HostIp=127.0.0.1}", "{HostIp=127.0.0.1, HostPort=5353}");
    }

    @Test
    void theRecordSurvivesItsJson() {
        NetworkRecord r = record();
        NetworkRecord back = Json.read(r.toJson(), NetworkRecord.class, "record");
        assertEquals(r.ports(), back.ports());
        assertEquals(r.address(), back.address());
        assertEquals("jrun0", back.config().bridgeName());
        assertEquals(r, back, "conflist and result come back as the same maps");
    }

    @Test
    void theRulesOfOneContainerArePickedFromTheDump() {
        String dump = String.join("\n",
                "*nat",
                ":CNI-DN-1234 - [0:0]",
                "-A POSTROUTING -s 10.89.0.5/32 -m comment --comment \"name: \\\"jrun\\\" id: \\\"" + ID + "\\\"\" -j CNI-abcd",
                "-A CNI-abcd -d 10.89.0.0/16 -j ACCEPT",
                "-A CNI-abcd ! -d 224.0.0.0/4 -j MASQUERADE",
                "-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"jrun\\\" id: \\\"" + ID + "\\\"\" -j CNI-DN-1234",
                "-A CNI-DN-1234 -p tcp --dport 5000 -j DNAT --to-destination 10.89.0.5:8080",
                "-A CNI-DN-9999 -p tcp --dport 6000 -j DNAT --to-destination 10.89.0.6:8080",
                "-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE");
        List<String> got = RuleDump.forContainer(dump, ID);
        assertEquals(5, got.size(), got.toString());
        assertEquals("-A CNI-DN-1234 -p tcp --dport 5000 -j DNAT --to-destination 10.89.0.5:8080", got.get(4));
    }

    @Test
    void addHostAndDnsAsDockerWritesThem() {
        assertEquals("x\n10.1.2.3\tdb\n", EtcFiles.withHosts("x\n", List.of("db:10.1.2.3")));
        assertEquals("search lan\nnameserver 10.9.9.9\n",
                EtcFiles.withDns("nameserver 8.8.8.8\nsearch lan\n", List.of("10.9.9.9")));
        assertEquals("nameserver 1.1.1.1\n", EtcFiles.withDns("nameserver 1.1.1.1\n", List.of()));
        assertThrows(JrunException.class, () -> EtcFiles.withHosts("", List.of("nocolon")));
        assertThrows(JrunException.class, () -> EtcFiles.withHosts("", List.of("db:not-an-ip")));
        assertThrows(JrunException.class, () -> EtcFiles.withDns("", List.of("dns.example")));
    }
}
