package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;

/** An image manifest, OCI or Docker v2 schema 2: a config and its layers. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(
        int schemaVersion,
        String mediaType,
        String artifactType,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subject,
        Map<String, String> annotations) {

    public Manifest {
        if (schemaVersion != 2) {
            throw new JrunException("unsupported manifest schemaVersion " + schemaVersion + " (want 2)");
        }
        if (config == null) {
            throw new JrunException("manifest without config");
        }
        if (layers == null) {
            throw new JrunException("manifest without layers");
        }
        layers = List.copyOf(layers);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    /** A new OCI manifest. */
    public static Manifest oci(Descriptor config, List<Descriptor> layers) {
        return new Manifest(2, MediaTypes.OCI_MANIFEST, null, config, layers, null, null);
    }

    /** Parses manifest bytes; the error names the digest. */
    public static Manifest parse(byte[] bytes, Object digest) {
        Manifest m = Json.read(bytes, Manifest.class, "manifest " + digest);
        if (m.mediaType != null && !MediaTypes.isManifest(m.mediaType)) {
            throw new JrunException("manifest " + digest + " has media type " + m.mediaType
                    + ", not an image manifest");
        }
        return m;
    }

    /** The media type, defaulting as containers/image does when the document leaves it out. */
    public String effectiveMediaType() {
        if (mediaType != null) {
            return mediaType;
        }
        return MediaTypes.DOCKER_CONFIG.equals(config.mediaType()) ? MediaTypes.DOCKER_MANIFEST : MediaTypes.OCI_MANIFEST;
    }
}
