package dev.jrun.runtime.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;

/** One entry of {@code mounts}: destination inside the container, type, source, mount(8)-style options. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Mount(String destination, String type, String source, List<String> options) {
    public Mount {
        if (destination == null || !destination.startsWith("/")) {
            throw new JrunException("mount destination \"" + destination + "\" is not an absolute path");
        }
        options = options == null ? List.of() : List.copyOf(options);
    }

    public boolean bindMount() {
        return "bind".equals(type) || options.contains("bind") || options.contains("rbind");
    }
}
