package dev.jrun.network;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.image.Json;
import java.util.List;
import java.util.Map;

/**
 * What jrun set up (or is about to set up) for a container's network, kept in its directory as
 * network.json. It is written BEFORE each step, so a jrun killed half-way leaves enough for the next
 * one to undo everything: the conflist used (the file may change later), the netns handle, the ports,
 * and once ADD returned, its result. The conflist and the result are plain maps, so the record is read
 * and written without Jackson (see {@link CniConfig}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkRecord(
        @JsonProperty("Network") String network,
        @JsonProperty("Conflist") Map<String, Object> conflist,
        @JsonProperty("Netns") String netns,
        @JsonProperty("Ports") List<PortMapping> ports,
        @JsonProperty("Result") Map<String, Object> result,
        @JsonProperty("Address") CniResult address) {

    public NetworkRecord {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public CniConfig config() {
        return CniConfig.of(conflist == null ? Map.of() : conflist, "network record of " + network);
    }

    public NetworkRecord withResult(Map<String, Object> r, CniResult a) {
        return new NetworkRecord(network, conflist, netns, ports, r, a);
    }

    public static NetworkRecord of(String network, CniConfig conf, String netns, List<PortMapping> ports) {
        return new NetworkRecord(network, conf.document(), netns, ports, null, null);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }
}
