package dev.jrun.image;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;

/** An OCI image index or Docker manifest list (also the shape of an OCI layout's index.json). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageIndex(
        int schemaVersion,
        String mediaType,
        String artifactType,
        List<Descriptor> manifests,
        Descriptor subject,
        Map<String, String> annotations) {

    public ImageIndex {
        if (schemaVersion != 2) {
            throw new JrunException("unsupported index schemaVersion " + schemaVersion + " (want 2)");
        }
        if (manifests == null) {
            throw new JrunException("index without manifests");
        }
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? null : Map.copyOf(annotations);
    }

    public static ImageIndex oci(List<Descriptor> manifests) {
        return new ImageIndex(2, MediaTypes.OCI_INDEX, null, manifests, null, null);
    }

    public static ImageIndex parse(byte[] bytes, String what) {
        ImageIndex idx = Json.read(bytes, ImageIndex.class, what);
        if (idx.mediaType != null && !MediaTypes.isIndex(idx.mediaType)) {
            throw new JrunException(what + " has media type " + idx.mediaType + ", not an image index");
        }
        return idx;
    }
}
