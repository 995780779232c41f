package dev.jrun.runtime.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;

/** {@code root}: the rootfs path (relative to the bundle, or absolute) and whether it is read-only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Root(String path, Boolean readonly) {
    public Root {
        if (path == null || path.isEmpty()) {
            throw new JrunException("runtime spec root without path");
        }
    }

    public boolean readonlyOrFalse() {
        return Boolean.TRUE.equals(readonly);
    }
}
