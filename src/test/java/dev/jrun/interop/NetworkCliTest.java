package dev.jrun.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.api.Fixtures;
import dev.jrun.cli.CliRunner;
import dev.jrun.network.NetworkRules;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bridge networking end to end: a child jrun per command on a network of the test's own (unique bridge,
 * subnet and name), traffic only to 127.0.0.1 and to addresses on that bridge.
 */
@Tag("root")
class NetworkCliTest {
    private static final String WEB = "mkdir -p /www && echo hello-$HOSTNAME > /www/index.html && exec httpd -f -p 8080 -h /www";

    @TempDir
    Path dir;

    Path root;
    String bridge;
    String subnet;
    Path cniDir;

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("store");
        assertEquals(0, new CliRunner(root).run("load", "-i", Fixtures.busybox().toString()).exitCode());
        int n = ThreadLocalRandom.current().nextInt(16, 250);
        bridge = "jrt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
        subnet = "10.232." + n + ".";
        cniDir = dir.resolve("cni");
        Files.createDirectories(cniDir);
        writeConflist("");
    }

    /** The default style: bridge + portmap, the network's NAT and forward rules added by jrun (NetworkRules). */
    private void writeConflist(String extraPlugin) throws IOException {
        writeConflist("\"ipMasq\":false", "", extraPlugin + "],\"jrunNetworkRules\":true}");
    }

    /** The CNI plugins' own rules per container: the bridge plugin's ipMasq and the firewall plugin. */
    private void writePluginRulesConflist() throws IOException {
        writeConflist("\"ipMasq\":true", ",{\"type\":\"firewall\",\"backend\":\"iptables\"}", "]}");
    }

    private void writeConflist(String masq, String firewall, String end) throws IOException {
        Files.createDirectories(root.resolve("networks"));
        Files.writeString(root.resolve("networks/bridge.conflist"), "{\"cniVersion\":\"1.0.0\",\"name\":\"" + network()
                + "\",\"plugins\":[{\"type\":\"bridge\",\"bridge\":\"" + bridge + "\",\"mtu\":1500,\"isGateway\":true,"
                + masq + ",\"hairpinMode\":true,\"ipam\":{\"type\":\"host-local\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}],"
                + "\"ranges\":[[{\"subnet\":\"" + subnet + "0/24\",\"gateway\":\"" + subnet + "1\"}]]}},"
                + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true},\"snat\":true}" + firewall + end);
    }

    private String network() {
        return "jrun-test-" + bridge;
    }

    /** The network's own rules in the nat and filter dumps. */
    private long networkRuleCount() throws Exception {
        return sh("iptables-save -t nat; iptables-save -t filter").lines()
                .filter(l -> l.contains("\"jrun network " + network() + "\"")).count();
    }

    @AfterEach
    void removeAll() throws Exception {
        for (String id : jrun("ps", "-aq", "--no-trunc").out().lines().toList()) {
            jrun("rm", "-f", id);
        }
        assertEquals("", sh("ip -o link show master " + bridge + " 2>/dev/null || true"), "veths left on the bridge");
        sh("ip link del " + bridge + " 2>/dev/null || true");
        // the network's rules stay with the network (as docker0's do); the test's network goes, so do they
        for (NetworkRules.Rule r : new NetworkRules(network(), bridge, subnet + "0/24").rules()) {
            while (Tools.run(null, r.delete()).exitCode() == 0) {
                // a rule added twice would be deleted twice
            }
        }
        sh("rm -rf /var/lib/cni/networks/jrun-test-" + bridge);
    }

    private Tools.Output jrun(String... args) throws Exception {
        List<String> cmd = Tools.jrunCommand(root, args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JRUN_CNI_PATH", cniDir.toString());
        pb.environment().put("JRUN_CNI_TIMEOUT_MS", "20000");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        return new Tools.Output(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private String ok(String... args) throws Exception {
        Tools.Output o = jrun(args);
        assertEquals(0, o.exitCode(), String.join(" ", args) + ": " + o.out());
        return o.out().strip();
    }

    private static String sh(String script) throws Exception {
        return Tools.run(null, List.of("sh", "-c", script)).out().strip();
    }

    /**
     * The lines of the nat and filter tables that belong to this test's network, counters left out: those
     * naming our bridge, network or subnet, and every line of the per-container CNI chains they jump to (other jobs on this
     * machine start containers meanwhile: their chains are not ours to compare).
     */
    private String rules() throws Exception {
        List<String> all = sh("iptables-save -t nat; iptables-save -t filter").lines()
                .filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("\\[\\d+:\\d+\\]", "")).toList();
        Set<String> chains = new HashSet<>();
        for (String l : all) {
            if (l.contains(bridge) || l.contains(subnet)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("CNI-(DN-|SN-)?[0-9a-f]{16,}").matcher(l);
                while (m.find()) {
                    chains.add(m.group());
                }
            }
        }
        return all.stream().filter(l -> l.contains(bridge) || l.contains(subnet) || chains.stream().anyMatch(c ->
                        l.startsWith(":" + c + " ") || l.startsWith("-A " + c + " ")))
                .sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private static String get(String url) {
        try {
            var c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(3000);
            c.setReadTimeout(3000);
            try (var in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            return "unreachable: " + e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String waitServing(String url) throws InterruptedException {
        String got = "";
        for (int i = 0; i < 100 && !got.startsWith("hello"); i++) {
            got = get(url);
            if (!got.startsWith("hello")) {
                Thread.sleep(100);
            }
        }
        return got;
    }

    @Test
    void publishedPortServesOnLoopbackAndTheBridgeAndAllIsRemovedAfter() throws Exception {
        ok("run", "--rm", "busybox", "true"); // the network's rules and portmap's chains exist from the first on
        assertEquals(3, networkRuleCount(), "the network's masquerade and forward rules");
        String before = rules();
        int port = freePort();
        String id = ok("run", "-d", "--name", "web", "-p", port + ":8080", "busybox", "sh", "-c", WEB);
        String ip = ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web");
        assertTrue(ip.startsWith(subnet), ip);
        // where the host's default congestion control is BBR, the container's route to its bridge subnet has CUBIC
        String route = sh("nsenter --net=" + ok("inspect", "-f", "{{.NetworkSettings.SandboxKey}}", "web")
                + " ip -4 route show " + subnet + "0/24");
        boolean wanted = dev.jrun.network.LinkCongestion.wanted(
                Files.readString(Path.of("/proc/sys/net/ipv4/tcp_congestion_control")),
                Files.readString(Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control")));
        assertEquals(wanted, route.contains("congctl cubic"), route);
        assertTrue(route.contains("src " + ip), route);
        assertEquals("hello-" + id.substring(0, 12), waitServing("http://127.0.0.1:" + port + "/"));
        assertEquals("hello-" + id.substring(0, 12), get("http://" + subnet + "1:" + port + "/"), "on the bridge's address");
        assertEquals("hello-" + id.substring(0, 12), get("http://" + ip + ":8080/"), "the container's own address");
        assertEquals("8080/tcp -> 0.0.0.0:" + port, ok("port", "web"));
        assertTrue(ok("ps").contains("0.0.0.0:" + port + "->8080/tcp"), ok("ps"));
        // another container reaches it by address, and through the published port on the gateway (hairpin NAT)
        assertEquals("hello-" + id.substring(0, 12), ok("run", "--rm", "busybox", "wget", "-qO-", "http://" + ip + ":8080/"));
        assertEquals("hello-" + id.substring(0, 12), ok("run", "--rm", "busybox", "wget", "-qO-",
                "http://" + subnet + "1:" + port + "/"));
        String hosts = ok("run", "--rm", "--name", "peer", "--add-host", "db:10.1.2.3", "--dns", "10.9.9.9", "busybox",
                "sh", "-c", "cat /etc/hosts /etc/resolv.conf");
        assertTrue(hosts.contains("db") && hosts.contains("10.1.2.3") && hosts.contains("nameserver 10.9.9.9")
                && hosts.contains("peer"), hosts);
        Tools.Output busy = jrun("run", "-d", "-p", port + ":80", "busybox", "sleep", "60");
        assertEquals(125, busy.exitCode(), busy.out());
        assertTrue(busy.out().contains("0.0.0.0:" + port) && busy.out().contains("already allocated"), busy.out());
        ok("rm", "-f", "web");
        assertTrue(get("http://127.0.0.1:" + port + "/").startsWith("unreachable"));
        assertEquals(before, rules(), "nat/filter rules after removal");
        assertEquals("", sh("ls " + root.resolve("run/netns")), "netns handles left");
    }

    @Test
    void thePluginsOwnRulesPerContainerStillWorkAndAreRemoved() throws Exception {
        writePluginRulesConflist();
        ok("run", "--rm", "busybox", "true");
        assertEquals(0, networkRuleCount(), "no rules of jrun's own for such a network");
        String before = rules();
        int port = freePort();
        String id = ok("run", "-d", "--name", "web", "-p", "127.0.0.1:" + port + ":8080", "busybox", "sh", "-c", WEB);
        assertEquals("hello-" + id.substring(0, 12), waitServing("http://127.0.0.1:" + port + "/"));
        String ip = ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "web");
        assertTrue(rules().contains(ip), "the firewall plugin's rules name the container's address");
        ok("rm", "-f", "web");
        assertEquals(before, rules(), "nat/filter rules after removal");
    }

    @Test
    void aLoopbackMappingIsNotReachableOnOtherAddressesAndRandomAndUdpPortsWork() throws Exception {
        int port = freePort();
        ok("run", "-d", "--name", "lo", "-p", "127.0.0.1:" + port + ":8080", "-p", "8080", "-p", "9000/udp",
                "busybox", "sh", "-c", WEB);
        assertTrue(waitServing("http://127.0.0.1:" + port + "/").startsWith("hello"));
        assertTrue(get("http://" + subnet + "1:" + port + "/").startsWith("unreachable"), "127.0.0.1-only mapping");
        String random = ok("port", "lo", "8080/tcp");
        assertTrue(random.lines().anyMatch(l -> l.startsWith("0.0.0.0:")), random);
        String hostPort = random.lines().filter(l -> l.startsWith("0.0.0.0:")).findFirst().orElseThrow().substring(8);
        assertNotEquals(Integer.toString(port), hostPort);
        assertTrue(waitServing("http://127.0.0.1:" + hostPort + "/").startsWith("hello"));
        int udp = Integer.parseInt(ok("port", "lo", "9000/udp").substring(8));
        // busybox has no UDP server: a JVM entered into the container's network namespace listens on 9000/udp
        Path src = dir.resolve("UdpOnce.java");
        Files.writeString(src, "public class UdpOnce { public static void main(String[] a) throws Exception {"
                + " var s = new java.net.DatagramSocket(9000); System.out.println(\"listening\"); System.out.flush();"
                + " var p = new java.net.DatagramPacket(new byte[100], 100); s.receive(p);"
                + " System.out.println(new String(p.getData(), 0, p.getLength()).strip()); } }");
        String pid = ok("inspect", "-f", "{{.State.Pid}}", "lo");
        Process listener = new ProcessBuilder("nsenter", "--net=/proc/" + pid + "/ns/net",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), src.toString())
                .redirectErrorStream(true).start();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8)); DatagramSocket s = new DatagramSocket()) {
            assertEquals("listening", in.readLine());
            byte[] b = "ping-udp".getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udp));
            assertEquals("ping-udp", in.readLine(), "a datagram to 127.0.0.1:" + udp + " reached 9000/udp");
        } finally {
            listener.destroyForcibly();
        }
    }

    @Test
    void tenContainersInParallelGetDistinctAddressesAndPorts() throws Exception {
        List<Thread> ts = new ArrayList<>();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 10; i++) {
            int k = i;
            Thread t = new Thread(() -> {
                try {
                    Tools.Output o = jrun("run", "-d", "--name", "p" + k, "-p", "8080", "busybox", "sh", "-c", WEB);
                    if (o.exitCode() != 0) {
                        errors.add(o.out());
                    }
                } catch (Exception e) {
                    errors.add(e.toString());
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(List.of(), errors);
        Set<String> ips = new HashSet<>();
        Set<String> ports = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            ips.add(ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "p" + i));
            String port = ok("port", "p" + i, "8080").substring(8);
            ports.add(port);
            assertTrue(waitServing("http://127.0.0.1:" + port + "/").startsWith("hello"), "p" + i);
        }
        assertEquals(3, networkRuleCount(), "ten first containers at once added the network's rules once");
        assertEquals(10, ips.size(), ips.toString());
        assertEquals(10, ports.size(), ports.toString());
    }

    @Test
    void aHostProcessesPortAndBadFlagsAreRefusedBeforeAnythingStarts() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Tools.Output o = jrun("run", "--rm", "-p", "127.0.0.1:" + s.getLocalPort() + ":80", "busybox", "true");
            assertEquals(125, o.exitCode(), o.out());
            assertTrue(o.out().contains("127.0.0.1:" + s.getLocalPort()) && o.out().contains("in use"), o.out());
        }
        for (String bad : List.of("abc", "70000:80", "1-3:1-2")) {
            Tools.Output o = jrun("run", "--rm", "-p", bad, "busybox", "true");
            assertEquals(125, o.exitCode(), o.out());
            assertTrue(o.out().contains("invalid -p \"" + bad + "\""), o.out());
        }
        Tools.Output o = jrun("run", "--rm", "--network", "nope", "busybox", "true");
        assertEquals(125, o.exitCode());
        assertTrue(o.out().contains("network nope not found"), o.out());
        assertEquals("", ok("ps", "-aq"), "nothing created");
    }

    @Test
    void aJrunKilledDuringNetworkSetUpIsCleanedUpByTheNextOne() throws Exception {
        Files.writeString(cniDir.resolve("jrun-test-hang"), "#!/bin/sh\ncat >/dev/null\n"
                + "if [ \"$CNI_COMMAND\" = ADD ]; then touch " + dir.resolve("hanging") + "; sleep 60; fi\nexit 0\n");
        cniDir.resolve("jrun-test-hang").toFile().setExecutable(true);
        // the plugins' own per-container rules, then the hang: the firewall plugin has added rules keyed by
        // the container's address, which its DEL finds only through the result the chain had reached
        writeConflist("\"ipMasq\":true", ",{\"type\":\"firewall\",\"backend\":\"iptables\"}",
                ",{\"type\":\"jrun-test-hang\"}]}");
        String rulesBefore = subnetRules();
        List<String> cmd = Tools.jrunCommand(root, "run", "--rm", "busybox", "sleep", "60");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        pb.environment().put("JRUN_CNI_PATH", cniDir.toString());
        Process p = pb.start();
        for (int i = 0; i < 600 && !Files.exists(dir.resolve("hanging")); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(dir.resolve("hanging")), "the hanging plugin was reached: " + Files.readString(dir.resolve("out")));
        assertNotEquals("", sh("ip -o link show master " + bridge), "the veth exists while jrun hangs");
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        writeConflist("");
        ok("ps", "-a"); // reconciles
        assertEquals("", sh("ip -o link show master " + bridge), "veth removed by the next jrun");
        assertEquals("", sh("ls " + root.resolve("run/netns")), "netns handle removed");
        assertEquals("", sh("ls /var/lib/cni/networks/jrun-test-" + bridge + " | grep '^10' || true"), "address released");
        assertEquals("", sh("grep " + dir + " /proc/mounts || true"), "no mounts left");
        assertEquals(rulesBefore, subnetRules(), "the firewall and masquerade rules of the killed start removed");
    }

    /** The filter and nat rules that name this test's subnet. */
    private String subnetRules() throws Exception {
        return sh("(iptables -S; iptables -t nat -S) | grep -F ' " + subnet + "' | sort || true");
    }

    @Test
    void anRmContainerWhoseNetworkTeardownFailsStaysWithItsExitCode() throws Exception {
        // a chained plugin that passes ADD's result on and refuses DEL, as a plugin with a bug would
        Files.writeString(cniDir.resolve("jrun-test-faildel"), "#!/bin/sh\n"
                + "if [ \"$CNI_COMMAND\" = DEL ]; then cat >/dev/null;"
                + " echo '{\"cniVersion\":\"1.0.0\",\"code\":999,\"msg\":\"test plugin refuses DEL\"}'; exit 1; fi\n"
                + "exec python3 -c 'import json,sys; c=json.load(sys.stdin); print(json.dumps(c[\"prevResult\"]))'\n");
        cniDir.resolve("jrun-test-faildel").toFile().setExecutable(true);
        writeConflist(",{\"type\":\"jrun-test-faildel\"}");
        Tools.Output o = jrun("run", "--rm", "busybox", "sh", "-c", "exit 3");
        assertEquals(3, o.exitCode(), "the container's exit code, whatever the teardown did: " + o.out());
        assertTrue(o.out().contains("network teardown") && o.out().contains("test plugin refuses DEL"), o.out());
        String ps = ok("ps", "-a");
        assertTrue(ps.contains("Exited (3)"), "the container stays, with how it ended: " + ps);
        // DEL runs the chain recorded at ADD, so the plugin itself is mended before rm
        Files.writeString(cniDir.resolve("jrun-test-faildel"), "#!/bin/sh\ncat >/dev/null\n"
                + "[ \"$CNI_COMMAND\" = DEL ] && exit 0\nexit 1\n");
        String id = ok("ps", "-aq");
        ok("rm", id);
        assertEquals("", ok("ps", "-aq"));
        assertEquals("", sh("ls /var/lib/cni/networks/jrun-test-" + bridge + " | grep '^10' || true"), "address released");
        assertEquals("", sh("grep " + dir + " /proc/mounts || true"), "no mounts left");
    }
}
