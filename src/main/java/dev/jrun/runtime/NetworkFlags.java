package dev.jrun.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The network flags of {@code jrun run} besides --network, as given: -p values, -P, --dns servers and
 * --add-host HOST:IP entries.
 */
public record NetworkFlags(
        @JsonProperty("publish") List<String> publish,
        @JsonProperty("publishAll") boolean publishAll,
        @JsonProperty("dns") List<String> dns,
        @JsonProperty("addHosts") List<String> addHosts) {

    public NetworkFlags {
        publish = publish == null ? List.of() : List.copyOf(publish);
        dns = dns == null ? List.of() : List.copyOf(dns);
        addHosts = addHosts == null ? List.of() : List.copyOf(addHosts);
    }

    public static NetworkFlags none() {
        return new NetworkFlags(null, false, null, null);
    }
}
