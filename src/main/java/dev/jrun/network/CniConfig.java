package dev.jrun.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CNI network configuration list (the conflist jrun owns, one per network) and the per-plugin
 * configurations the CNI spec says to pass on stdin: the plugin's own object plus the list's
 * {@code name} and {@code cniVersion}, {@code runtimeConfig} for the capabilities it declares, and
 * the previous plugin's result. Pure.
 */
public record CniConfig(String name, String cniVersion, List<ObjectNode> plugins) {
    /** The default network: not podman's 10.88/16, nor the 192.168/16 and 10.0/16 of home and office LANs. */
    public static final String DEFAULT_SUBNET = "10.89.0.0/16";
    public static final String DEFAULT_BRIDGE = "jrun0";
    public static final String DEFAULT_NAME = "jrun";
    /**
     * The veth and bridge MTU: loopback's size rather than Ethernet's. Measured here (wrk, 1 MiB responses
     * through a published port): 0.56x direct with 1500, 0.87-0.94x with 65520 (fewer packets through
     * conntrack and NAT). Traffic leaving by the host's interfaces is cut to their MTU by path MTU
     * discovery, as it is with 1500 on links below 1500.
     */
    public static final int DEFAULT_MTU = 65520;

    public CniConfig {
        if (name == null || name.isEmpty() || plugins == null || plugins.isEmpty()) {
            throw new JrunException("CNI network config needs a name and at least one plugin");
        }
        plugins = List.copyOf(plugins);
    }

    /** bridge (with host-local IPAM, NAT, hairpin) + portmap + firewall, as podman's CNI networks did. */
    public static CniConfig bridge(String name, String bridge, String subnet) {
        Subnet s = Subnet.parse(subnet);
        ObjectNode b = Json.mapper().createObjectNode();
        b.put("type", "bridge").put("bridge", bridge).put("mtu", DEFAULT_MTU).put("isGateway", true)
                .put("ipMasq", true).put("hairpinMode", true);
        ObjectNode ipam = b.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        ipam.putArray("ranges").addArray().addObject().put("subnet", s.toString()).put("gateway", s.gateway());
        ObjectNode pm = Json.mapper().createObjectNode();
        pm.put("type", "portmap").putObject("capabilities").put("portMappings", true);
        pm.put("snat", true);
        ObjectNode fw = Json.mapper().createObjectNode();
        fw.put("type", "firewall").put("backend", "iptables");
        return new CniConfig(name, "1.0.0", List.of(b, pm, fw));
    }

    public static CniConfig parse(byte[] json, String what) {
        JsonNode n = Json.tree(json, what);
        if (!n.path("plugins").isArray() || n.path("plugins").isEmpty()) {
            throw new JrunException("malformed " + what + ": no \"plugins\" list");
        }
        List<ObjectNode> ps = new ArrayList<>();
        for (JsonNode p : n.get("plugins")) {
            if (!p.isObject() || !p.path("type").isTextual()) {
                throw new JrunException("malformed " + what + ": every plugin needs a \"type\"");
            }
            ps.add((ObjectNode) p);
        }
        return new CniConfig(n.path("name").asText(""), n.path("cniVersion").asText("1.0.0"), ps);
    }

    public byte[] toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("cniVersion", cniVersion).put("name", name);
        ArrayNode a = n.putArray("plugins");
        plugins.forEach(a::add);
        return Json.pretty(n).getBytes(StandardCharsets.UTF_8);
    }

    /** The bridge plugin's bridge device ("" if the list has no bridge plugin). */
    public String bridgeName() {
        for (ObjectNode p : plugins) {
            if (p.path("type").asText().equals("bridge")) {
                return p.path("bridge").asText("cni0");
            }
        }
        return "";
    }

    /** The stdin of plugin i: its object, name, cniVersion, runtimeConfig for its capabilities, prevResult. */
    public byte[] pluginStdin(int i, JsonNode prevResult, List<PortMapping> ports) {
        ObjectNode c = plugins.get(i).deepCopy();
        c.put("cniVersion", cniVersion).put("name", name);
        if (c.path("capabilities").path("portMappings").asBoolean(false)) {
            ArrayNode pm = c.putObject("runtimeConfig").putArray("portMappings");
            for (PortMapping p : ports) {
                ObjectNode o = pm.addObject().put("hostPort", p.hostPort()).put("containerPort", p.containerPort())
                        .put("protocol", p.protocol());
                if (!p.hostIp().equals(PortMapping.ANY)) {
                    o.put("hostIP", p.hostIp());
                }
            }
        }
        c.remove("capabilities");
        if (prevResult != null) {
            c.set("prevResult", prevResult);
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
        return plugins.get(i).path("type").asText();
    }
}
