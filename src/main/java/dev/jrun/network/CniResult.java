package dev.jrun.network;

import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;

/**
 * What a container got from a CNI ADD: its address, prefix length, gateway and MAC on the container
 * interface, read from the final result (spec 1.0: ips[].interface indexes interfaces[], the one with
 * a sandbox is the container's). Pure.
 */
public record CniResult(String ip, int prefixLen, String gateway, String mac) {
    public static CniResult parse(Map<String, Object> r, String ifname) {
        List<?> ips = r.get("ips") instanceof List<?> l ? l : List.of();
        if (ips.isEmpty()) {
            throw new JrunException("CNI result has no IP address: " + r);
        }
        List<?> ifaces = r.get("interfaces") instanceof List<?> l ? l : List.of();
        Map<?, ?> chosen = map(ips.get(0));
        for (Object o : ips) {
            Map<?, ?> ip = map(o);
            int i = index(ip);
            if (i >= 0 && i < ifaces.size() && ifname.equals(map(ifaces.get(i)).get("name"))
                    && text(ip.get("address")).indexOf('.') > 0) {
                chosen = ip;
                break;
            }
        }
        String[] cidr = text(chosen.get("address")).split("/");
        if (cidr.length != 2 || !cidr[1].matches("\\d{1,2}")) {
            throw new JrunException("CNI result has a malformed address \"" + text(chosen.get("address")) + "\"");
        }
        String mac = "";
        int i = index(chosen);
        if (i >= 0 && i < ifaces.size()) {
            mac = text(map(ifaces.get(i)).get("mac"));
        } else {
            for (Object f : ifaces) {
                if (ifname.equals(map(f).get("name"))) {
                    mac = text(map(f).get("mac"));
                }
            }
        }
        return new CniResult(cidr[0], Integer.parseInt(cidr[1]), text(chosen.get("gateway")), mac);
    }

    /** The subnet the address is in ("10.89.0.5"/16 is in 10.89.0.0/16): the container's on-link route. */
    public String subnet() {
        return new Subnet(Subnet.address(ip, ip + "/" + prefixLen), prefixLen).toString();
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static int index(Map<?, ?> ip) {
        return ip.get("interface") instanceof Number n ? n.intValue() : -1;
    }

    private static String text(Object o) {
        return o instanceof String s ? s : "";
    }
}
