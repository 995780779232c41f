package dev.jrun.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.image.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What jrun set up (or is about to set up) for a container's network, kept in its directory as
 * network.json. It is written BEFORE each step, so a jrun killed half-way leaves enough for the next
 * one to undo everything: the conflist used (the file may change later), the netns handle, the ports,
 * and once ADD returned, its result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkRecord(
        @JsonProperty("Network") String network,
        @JsonProperty("Conflist") JsonNode conflist,
        @JsonProperty("Netns") String netns,
        @JsonProperty("Ports") List<PortMapping> ports,
        @JsonProperty("Result") JsonNode result,
        @JsonProperty("Address") CniResult address) {

    public NetworkRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public CniConfig config() {
        return CniConfig.parse(Json.bytes(conflist), "network record of " + network);
    }

    public NetworkRecord withResult(JsonNode r, CniResult a) {
        return new NetworkRecord(network, conflist, netns, ports, r, a);
    }

    public static NetworkRecord of(String network, CniConfig conf, String netns, List<PortMapping> ports) {
        return new NetworkRecord(network, Json.tree(conf.toJson(), "conflist"), netns, ports, null, null);
    }

    public byte[] toJson() {
        return Json.pretty(this).getBytes(StandardCharsets.UTF_8);
    }
}
