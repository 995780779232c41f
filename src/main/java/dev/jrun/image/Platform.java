package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jrun.JrunException;
import java.util.Arrays;
import java.util.List;

/** The platform of an image: os, architecture and optional variant, as in an index entry. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("os.version") String osVersion,
        @JsonProperty("os.features") List<String> osFeatures,
        @JsonProperty("variant") String variant) {

    // written out, as in Digest and Descriptor: no invokedynamic bootstrap at the first comparison
    @Override
    public boolean equals(Object o) {
        return o instanceof Platform p && architecture.equals(p.architecture) && os.equals(p.os)
                && java.util.Objects.equals(osVersion, p.osVersion) && java.util.Objects.equals(osFeatures, p.osFeatures)
                && java.util.Objects.equals(variant, p.variant);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(architecture, os, osVersion, osFeatures, variant);
    }

    public Platform {
        if (architecture == null || architecture.isEmpty() || os == null || os.isEmpty()) {
            throw new JrunException("platform needs os and architecture");
        }
        osFeatures = osFeatures == null ? null : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture, String variant) {
        return new Platform(architecture, os, null, null, variant);
    }

    /** The platform of this JVM's host, in Go's GOARCH names. */
    public static Platform host() {
        return of("linux", goArch(System.getProperty("os.arch")), null);
    }

    /** Parses {@code os/arch[/variant]}, e.g. linux/arm64/v8. */
    public static Platform parse(String text) {
        String[] p = text == null ? new String[0] : text.split("/", -1);
        if (p.length < 2 || p.length > 3 || Arrays.stream(p).anyMatch(String::isEmpty)) {
            throw new JrunException("invalid platform \"" + text + "\": want os/arch[/variant], e.g. linux/amd64");
        }
        return of(p[0], goArch(p[1]), p.length == 3 ? p[2] : null);
    }

    static String goArch(String arch) {
        return switch (arch) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant != null ? "/" + variant : "");
    }
}
