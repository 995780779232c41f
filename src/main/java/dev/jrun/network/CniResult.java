package dev.jrun.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;

/**
 * What a container got from a CNI ADD: its address, prefix length, gateway and MAC on the container
 * interface, read from the final result (spec 1.0: ips[].interface indexes interfaces[], the one with
 * a sandbox is the container's). Pure.
 */
public record CniResult(String ip, int prefixLen, String gateway, String mac) {
    public static CniResult parse(JsonNode r, String ifname) {
        JsonNode ips = r.path("ips");
        if (!ips.isArray() || ips.isEmpty()) {
            throw new JrunException("CNI result has no IP address: " + r);
        }
        JsonNode ifaces = r.path("interfaces");
        JsonNode chosen = ips.get(0);
        for (JsonNode ip : ips) {
            int i = ip.path("interface").asInt(-1);
            if (i >= 0 && ifaces.path(i).path("name").asText().equals(ifname)
                    && ip.path("address").asText().indexOf('.') > 0) {
                chosen = ip;
                break;
            }
        }
        String[] cidr = chosen.path("address").asText().split("/");
        if (cidr.length != 2) {
            throw new JrunException("CNI result has a malformed address \"" + chosen.path("address").asText() + "\"");
        }
        String mac = "";
        int i = chosen.path("interface").asInt(-1);
        if (i >= 0) {
            mac = ifaces.path(i).path("mac").asText("");
        } else {
            for (JsonNode f : ifaces) {
                if (f.path("name").asText().equals(ifname)) {
                    mac = f.path("mac").asText("");
                }
            }
        }
        return new CniResult(cidr[0], Integer.parseInt(cidr[1]), chosen.path("gateway").asText(""), mac);
    }
}
