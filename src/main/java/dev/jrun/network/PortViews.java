package dev.jrun.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How docker shows published ports: ps's PORTS column, {@code port}'s lines, inspect's NetworkSettings. Pure. */
public final class PortViews {
    private PortViews() {
    }

    /** "0.0.0.0:5000->8080/tcp, 127.0.0.1:5001->53/udp"; "" without a record. */
    public static String psColumn(NetworkRecord r) {
        if (r == null) {
            return "";
        }
        return String.join(", ", r.ports().stream().map(PortMapping::toString).toList());
    }

    /** docker port C [PORT[/PROTO]]: "8080/tcp -> 0.0.0.0:5000", or only the host address with a filter. */
    public static List<String> portLines(NetworkRecord r, String filter) {
        List<String> out = new ArrayList<>();
        if (r == null) {
            return out;
        }
        String want = filter == null ? null : filter.contains("/") ? filter : filter + "/tcp";
        for (PortMapping p : r.ports()) {
            if (want == null) {
                out.add(p.containerKey() + " -> " + p.hostIp() + ":" + p.hostPort());
            } else if (p.containerKey().equals(want)) {
                out.add(p.hostIp() + ":" + p.hostPort());
            }
        }
        return out;
    }

    /** docker inspect's NetworkSettings: address, gateway, MAC, prefix, and Ports by container port. */
    public static Map<String, Object> networkSettings(NetworkRecord r, String sandboxKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        CniResult a = r == null ? null : r.address();
        Map<String, Object> ports = new LinkedHashMap<>();
        if (r != null) {
            for (PortMapping p : r.ports()) {
                @SuppressWarnings("unchecked")
                List<Map<String, String>> l = (List<Map<String, String>>) ports.computeIfAbsent(p.containerKey(),
                        k -> new ArrayList<Map<String, String>>());
                l.add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
            }
        }
        m.put("SandboxKey", r == null ? "" : sandboxKey);
        m.put("Ports", ports);
        m.put("Gateway", a == null ? "" : a.gateway());
        m.put("IPAddress", a == null ? "" : a.ip());
        m.put("IPPrefixLen", a == null ? 0 : a.prefixLen());
        m.put("MacAddress", a == null ? "" : a.mac());
        Map<String, Object> nets = new LinkedHashMap<>();
        if (a != null) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("NetworkID", r.config().name());
            n.put("Gateway", a.gateway());
            n.put("IPAddress", a.ip());
            n.put("IPPrefixLen", a.prefixLen());
            n.put("MacAddress", a.mac());
            nets.put("bridge", n);
        }
        m.put("Networks", nets);
        return m;
    }
}
