package dev.jrun.network;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CNI network configuration list (the conflist jrun owns, one per network) and the per-plugin
 * configurations the CNI spec says to pass on stdin: the plugin's own object plus the list's
 * {@code name} and {@code cniVersion}, {@code runtimeConfig} for the capabilities it declares, and
 * the previous plugin's result. Pure.
 *
 * <p>Documents are plain maps and lists ({@link Json#parse}), not Jackson trees: every container start
 * on a bridge reads the conflist, writes the plugins' stdin and reads their results, and Jackson's first
 * use costs ~250 ms of CPU in a short-lived jrun (the 2026-11-27 traces: the network's preparation took
 * 370-750 ms at load 10, against 23 ms for the same steps with --network none).
 */
public record CniConfig(String name, String cniVersion, List<Map<String, Object>> plugins, boolean jrunNetworkRules) {
    /** The conflist key (jrun's, beside the CNI ones) that says jrun adds the network's own rules: {@link NetworkRules}. */
    public static final String NETWORK_RULES_KEY = "jrunNetworkRules";

    /** The default network: not podman's 10.88/16, nor the 192.168/16 and 10.0/16 of home and office LANs. */
    public static final String DEFAULT_SUBNET = "10.89.0.0/16";
    public static final String DEFAULT_BRIDGE = "jrun0";
    public static final String DEFAULT_NAME = "jrun";
    /**
     * The veth and bridge MTU: Ethernet's, as docker's bridge has. A larger one (the plugin's "mtu" in the
     * conflist, e.g. 65520) is a network option: it makes fewer, larger packets between the host and the
     * containers, but a container then sends frames that only path MTU discovery cuts to size for other links.
     */
    public static final int DEFAULT_MTU = 1500;

    public CniConfig {
        if (name == null || name.isEmpty() || plugins == null || plugins.isEmpty()) {
            throw new JrunException("CNI network config needs a name and at least one plugin");
        }
        plugins = List.copyOf(plugins);
    }

    /** A list whose plugins do all the work (no rules of jrun's own). */
    public CniConfig(String name, String cniVersion, List<Map<String, Object>> plugins) {
        this(name, cniVersion, plugins, false);
    }

    /**
     * bridge (host-local IPAM, gateway, hairpin) + portmap, with the network's NAT and forward rules added
     * by jrun once per network ({@link NetworkRules}), as docker does for docker0, rather than by the bridge
     * plugin's ipMasq and the firewall plugin per container.
     */
    public static CniConfig bridge(String name, String bridge, String subnet) {
        Subnet s = Subnet.parse(subnet);
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("subnet", s.toString());
        range.put("gateway", s.gateway());
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        ipam.put("ranges", List.of(List.of(range)));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "bridge");
        b.put("bridge", bridge);
        b.put("mtu", DEFAULT_MTU);
        b.put("isGateway", true);
        b.put("ipMasq", false);
        b.put("hairpinMode", true);
        b.put("ipam", ipam);
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("type", "portmap");
        pm.put("capabilities", Map.of("portMappings", true));
        pm.put("snat", true);
        return new CniConfig(name, "1.0.0", List.of(b, pm), true);
    }

    public static CniConfig parse(byte[] json, String what) {
        if (!(Json.parse(json, what) instanceof Map<?, ?> n)) {
            throw new JrunException("malformed " + what + ": not a JSON object");
        }
        return of(n, what);
    }

    /** The list from its parsed document (a record keeps it as a map). */
    public static CniConfig of(Map<?, ?> n, String what) {
        if (!(n.get("plugins") instanceof List<?> list) || list.isEmpty()) {
            throw new JrunException("malformed " + what + ": no \"plugins\" list");
        }
        List<Map<String, Object>> ps = new ArrayList<>();
        for (Object p : list) {
            if (!(p instanceof Map<?, ?> m) || !(m.get("type") instanceof String)) {
                throw new JrunException("malformed " + what + ": every plugin needs a \"type\"");
            }
            ps.add(copy(m));
        }
        return new CniConfig(text(n.get("name"), ""), text(n.get("cniVersion"), "1.0.0"), ps,
                Boolean.TRUE.equals(n.get(NETWORK_RULES_KEY)));
    }

    /** The document: cniVersion, name, plugins. */
    public Map<String, Object> document() {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("cniVersion", cniVersion);
        n.put("name", name);
        n.put("plugins", plugins);
        if (jrunNetworkRules) {
            n.put(NETWORK_RULES_KEY, true);
        }
        return n;
    }

    /** Pretty JSON, for the file a user reads and edits. */
    public byte[] toJson() {
        return Json.pretty(document()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The bridge plugin's bridge device ("" if the list has no bridge plugin). */
    public String bridgeName() {
        Map<String, Object> b = bridgePlugin();
        return b == null ? "" : text(b.get("bridge"), "cni0");
    }

    /** The rules jrun adds for this network, or null when the plugins add their own (or it has no subnet). */
    public NetworkRules networkRules() {
        Map<String, Object> b = bridgePlugin();
        if (!jrunNetworkRules || b == null) {
            return null;
        }
        if (b.get("ipam") instanceof Map<?, ?> ipam && ipam.get("ranges") instanceof List<?> ranges && !ranges.isEmpty()
                && ranges.get(0) instanceof List<?> set && !set.isEmpty() && set.get(0) instanceof Map<?, ?> range
                && range.get("subnet") instanceof String subnet) {
            return new NetworkRules(name, bridgeName(), Subnet.parse(subnet).toString());
        }
        throw new JrunException("network " + name + " asks for " + NETWORK_RULES_KEY
                + " but its bridge plugin has no IPAM range with a subnet");
    }

    private Map<String, Object> bridgePlugin() {
        for (Map<String, Object> p : plugins) {
            if ("bridge".equals(p.get("type"))) {
                return p;
            }
        }
        return null;
    }

    /** The stdin of plugin i: its object, name, cniVersion, runtimeConfig for its capabilities, prevResult. */
    public byte[] pluginStdin(int i, Map<String, Object> prevResult, List<PortMapping> ports) {
        Map<String, Object> c = copy(plugins.get(i));
        c.put("cniVersion", cniVersion);
        c.put("name", name);
        if (c.get("capabilities") instanceof Map<?, ?> caps && Boolean.TRUE.equals(caps.get("portMappings"))) {
            List<Map<String, Object>> pm = new ArrayList<>();
            for (PortMapping p : ports) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("hostPort", p.hostPort());
                o.put("containerPort", p.containerPort());
                o.put("protocol", p.protocol());
                if (!p.hostIp().equals(PortMapping.ANY)) {
                    o.put("hostIP", p.hostIp());
                }
                pm.add(o);
            }
            c.put("runtimeConfig", Map.of("portMappings", pm));
        }
        c.remove("capabilities");
        if (prevResult != null) {
            c.put("prevResult", prevResult);
        }
        return Json.bytes(c);
    }

    /**
     * True for portmap when the container publishes nothing: it would only look for rules to add or
     * remove (a process and several iptables runs each way). ADD and DEL decide alike from the recorded ports.
     */
    public boolean skipped(int i, List<PortMapping> ports) {
        return ports.isEmpty() && pluginType(i).equals("portmap");
    }

    public String pluginType(int i) {
        return text(plugins.get(i).get("type"), "");
    }

    /** A shallow copy with string keys (the values are not changed, only the top level is). */
    static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(String.valueOf(k), v));
        return c;
    }

    static String text(Object v, String otherwise) {
        return v instanceof String s ? s : otherwise;
    }
}
