package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNI protocol against fake plugins (shell scripts): env, stdin, chaining, errors, time limit. No root. */
class CniPluginsTest {
    private static final String RESULT = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"br9\",\"mac\":\"aa:aa:aa:aa:aa:01\"},"
            + "{\"name\":\"veth1\",\"mac\":\"aa:aa:aa:aa:aa:02\"},{\"name\":\"eth0\",\"mac\":\"aa:aa:aa:aa:aa:03\","
            + "\"sandbox\":\"/x\"}],\"ips\":[{\"interface\":2,\"address\":\"10.231.9.7/24\",\"gateway\":\"10.231.9.1\"}]}";

    @TempDir
    Path dir;

    private void plugin(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }

    /** Each fake plugin logs its env and stdin under dir/log-TYPE-COMMAND and echoes prevResult or a result. */
    private void recordingPlugins() throws IOException {
        plugin("bridge", "env > " + dir + "/env-bridge-$CNI_COMMAND; cat > " + dir + "/in-bridge-$CNI_COMMAND; "
                + "[ \"$CNI_COMMAND\" = ADD ] && echo '" + RESULT + "'; exit 0");
        plugin("portmap", "cat > " + dir + "/in-portmap-$CNI_COMMAND; [ \"$CNI_COMMAND\" = ADD ] && "
                + "sed -n 's/.*\"prevResult\":\\(.*\\)}$/\\1/p' " + dir + "/in-portmap-ADD; exit 0");
    }

    private static Map<?, ?> doc(Path p) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readAllBytes(p), p.toString());
    }

    private static Object firstIpAddress(Object result) {
        return ((Map<?, ?>) ((List<?>) ((Map<?, ?>) result).get("ips")).get(0)).get("address");
    }

    private CniConfig twoPlugins() {
        CniConfig all = CniConfig.bridge("jrun-test", "br9", "10.231.9.0/24");
        return new CniConfig(all.name(), all.cniVersion(), all.plugins().subList(0, 2));
    }

    @Test
    void addChainsResultsAndPassesTheSpecsEnvironment() throws IOException {
        recordingPlugins();
        CniPlugins p = new CniPlugins(List.of(dir.resolve("none"), dir), 10_000, null);
        String id = "c".repeat(64);
        Map<String, Object> r = p.add(twoPlugins(), id, "/run/x/netns/" + id, PortSpecs.parse("127.0.0.1:5000:80/udp"));
        assertEquals(new CniResult("10.231.9.7", 24, "10.231.9.1", "aa:aa:aa:aa:aa:03"), CniResult.parse(r, "eth0"));
        String env = Files.readString(dir.resolve("env-bridge-ADD"));
        for (String e : List.of("CNI_COMMAND=ADD", "CNI_CONTAINERID=" + id, "CNI_NETNS=/run/x/netns/" + id,
                "CNI_IFNAME=eth0", "CNI_PATH=" + dir.resolve("none") + ":" + dir)) {
            assertTrue(env.lines().anyMatch(e::equals), e + " in\n" + env);
        }
        Map<?, ?> bridgeIn = doc(dir.resolve("in-bridge-ADD"));
        assertEquals("jrun-test", bridgeIn.get("name"));
        assertEquals("1.0.0", bridgeIn.get("cniVersion"));
        assertFalse(bridgeIn.containsKey("prevResult"), "the first plugin has no prevResult");
        Map<?, ?> pmIn = doc(dir.resolve("in-portmap-ADD"));
        assertEquals("10.231.9.7/24", firstIpAddress(pmIn.get("prevResult")));
        Map<?, ?> pm = (Map<?, ?>) ((List<?>) ((Map<?, ?>) pmIn.get("runtimeConfig")).get("portMappings")).get(0);
        assertEquals(5000, ((Number) pm.get("hostPort")).intValue());
        assertEquals(80, ((Number) pm.get("containerPort")).intValue());
        assertEquals("udp", pm.get("protocol"));
        assertEquals("127.0.0.1", pm.get("hostIP"));
        assertFalse(bridgeIn.containsKey("runtimeConfig"), "runtimeConfig only for plugins declaring the capability");
    }

    @Test
    void delRunsInReverseWithTheAddResult() throws IOException {
        recordingPlugins();
        CniPlugins p = new CniPlugins(List.of(dir), 10_000, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) Json.parse(RESULT.getBytes(StandardCharsets.UTF_8), "r");
        p.del(twoPlugins(), "d".repeat(64), "/gone", result, PortSpecs.parse("5000:80"));
        assertTrue(Files.getLastModifiedTime(dir.resolve("in-portmap-DEL")).toMillis()
                <= Files.getLastModifiedTime(dir.resolve("in-bridge-DEL")).toMillis());
        assertEquals("10.231.9.7/24", firstIpAddress(doc(dir.resolve("in-bridge-DEL")).get("prevResult")));
    }

    @Test
    void portmapIsLeftOutWhenNothingIsPublished() throws IOException {
        recordingPlugins();
        CniPlugins p = new CniPlugins(List.of(dir), 10_000, null);
        Map<String, Object> r = p.add(twoPlugins(), "b".repeat(64), "/n", List.of());
        p.del(twoPlugins(), "b".repeat(64), "/n", r, List.of());
        assertTrue(Files.exists(dir.resolve("in-bridge-ADD")) && Files.exists(dir.resolve("in-bridge-DEL")));
        assertFalse(Files.exists(dir.resolve("in-portmap-ADD")) || Files.exists(dir.resolve("in-portmap-DEL")));
    }

    @Test
    void aPluginsErrorObjectIsReported() throws IOException {
        plugin("bridge", "cat >/dev/null; echo '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"failed to allocate\","
                + "\"details\":\"range is full\"}'; exit 1");
        CniPlugins p = new CniPlugins(List.of(dir), 10_000, null);
        JrunException e = assertThrows(JrunException.class, () -> p.add(twoPlugins(), "e".repeat(64), "/n", List.of()));
        assertEquals("CNI ADD of plugin bridge for container eeeeeeeeeeee failed (exit 1): failed to allocate "
                + "(range is full) [CNI error 11]", e.getMessage());
    }

    @Test
    void aHungPluginIsKilledAfterTheTimeLimit() throws IOException {
        plugin("bridge", "sleep 60");
        CniPlugins p = new CniPlugins(List.of(dir), 300, null);
        long t0 = System.nanoTime();
        JrunException e = assertThrows(JrunException.class, () -> p.add(twoPlugins(), "f".repeat(64), "/n", List.of()));
        assertTrue(e.getMessage().contains("no answer within 300 ms"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
    }

    @Test
    void aMissingPluginNamesTheDirectories() {
        CniPlugins p = new CniPlugins(List.of(dir), 1000, null);
        JrunException e = assertThrows(JrunException.class, () -> p.find("bridge"));
        assertTrue(e.getMessage().contains("CNI plugin \"bridge\" not found in [" + dir + "]"), e.getMessage());
    }

    @Test
    void theDefaultConfigAndItsSubnet() {
        CniConfig c = CniConfig.bridge(CniConfig.DEFAULT_NAME, CniConfig.DEFAULT_BRIDGE, CniConfig.DEFAULT_SUBNET);
        assertEquals("jrun0", c.bridgeName());
        assertEquals(List.of("bridge", "portmap"), List.of(c.pluginType(0), c.pluginType(1)));
        assertEquals(2, c.plugins().size(), "no firewall plugin: the network's rules are jrun's");
        Map<?, ?> b = (Map<?, ?>) Json.parse(c.pluginStdin(0, null, List.of()), "b");
        assertTrue(Boolean.FALSE.equals(b.get("ipMasq")) && Boolean.TRUE.equals(b.get("hairpinMode"))
                && Boolean.TRUE.equals(b.get("isGateway")));
        assertFalse(b.containsKey(CniConfig.NETWORK_RULES_KEY), "jrun's key is not passed to the plugins");
        assertEquals(new NetworkRules("jrun", "jrun0", "10.89.0.0/16"), c.networkRules());
        assertEquals(1500, ((Number) b.get("mtu")).intValue(), "docker's bridge MTU");
        Map<?, ?> range = (Map<?, ?>) ((List<?>) ((List<?>) ((Map<?, ?>) b.get("ipam")).get("ranges")).get(0)).get(0);
        assertEquals("10.89.0.1", range.get("gateway"));
        CniConfig back = CniConfig.parse(c.toJson(), "round trip");
        assertEquals(new String(Json.bytes(c.document()), StandardCharsets.UTF_8),
                new String(Json.bytes(back.document()), StandardCharsets.UTF_8));
        assertTrue(back.jrunNetworkRules());
        CniConfig plugins = CniConfig.parse(("{\"name\":\"n\",\"plugins\":[{\"type\":\"bridge\",\"ipMasq\":true},"
                + "{\"type\":\"firewall\"}]}").getBytes(StandardCharsets.UTF_8), "conf");
        assertEquals(null, plugins.networkRules(), "a conflist without the key leaves the rules to its plugins");
        assertThrows(JrunException.class, () -> CniConfig.parse(("{\"name\":\"n\",\"jrunNetworkRules\":true,"
                + "\"plugins\":[{\"type\":\"bridge\"}]}").getBytes(StandardCharsets.UTF_8), "conf").networkRules());
        assertEquals("10.0.0.0/8", Subnet.parse("10.1.2.3/8").toString());
        assertThrows(JrunException.class, () -> Subnet.parse("10.1.2.300/24"));
        assertThrows(JrunException.class, () -> Subnet.parse("10.1.2.0"));
        assertThrows(JrunException.class, () -> CniConfig.parse("{\"name\":\"x\"}".getBytes(), "conf"));
    }
}
