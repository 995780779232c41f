package dev.jrun.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Guesses a manifest's media type from its bytes alone, as containers/image's GuessMIMEType does
 * (for a local file, or a registry that sent no usable Content-Type). It reads the document the way
 * Go's encoding/json would: field names match case-insensitively, the last duplicate wins, and a field
 * of the wrong JSON type makes the whole guess fail.
 */
public final class ManifestMediaType {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestMediaType() {
    }

    /** The media type, or "" when the bytes are not a manifest kind we recognise. */
    public static String guess(byte[] manifest) {
        JsonNode root;
        try {
            root = READER.readTree(manifest);
        } catch (IOException e) {
            return "";
        }
        if (root == null || root.isMissingNode() || !(root.isObject() || root.isNull())) {
            return "";
        }
        JsonNode mediaType = goField(root, "mediaType");
        JsonNode version = goField(root, "schemaVersion");
        if (!goString(mediaType) || !(isNull(version) || version.isIntegralNumber() && version.canConvertToLong())) {
            return "";
        }
        String mt = isNull(mediaType) ? "" : mediaType.asText();
        switch (mt) {
            case MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX:
                return mt;
            default:
                break;
        }
        long v = isNull(version) ? 0 : version.asLong();
        if (v == 1) {
            return isNull(goField(root, "signatures")) ? MediaTypes.DOCKER_SCHEMA1 : MediaTypes.DOCKER_SCHEMA1_SIGNED;
        }
        if (v != 2) {
            return "";
        }
        // Before image-spec 1.0.2 OCI documents had no mediaType: tell them apart by their shape.
        JsonNode config = goField(root, "config");
        if (!isNull(config) && !config.isObject()) {
            return "";
        }
        JsonNode configType = isNull(config) ? null : goField(config, "mediaType");
        if (!goString(configType)) {
            return "";
        }
        String ct = isNull(configType) ? "" : configType.asText();
        if (ct.equals(MediaTypes.OCI_CONFIG)) {
            return MediaTypes.OCI_MANIFEST;
        }
        if (ct.equals(MediaTypes.DOCKER_CONFIG)) {
            return MediaTypes.DOCKER_MANIFEST;
        }
        JsonNode manifests = goField(root, "manifests");
        if (!isNull(manifests)) {
            if (!manifests.isArray()) {
                return "";
            }
            for (JsonNode d : manifests) {
                if (!goDescriptor(d)) {
                    return "";
                }
            }
            if (!manifests.isEmpty()) {
                // As upstream: a config media type here is returned as is (mixing manifest and config types).
                return ct.isEmpty() ? MediaTypes.OCI_INDEX : ct;
            }
        }
        // Most likely an OCI artifact with a custom config media type.
        return MediaTypes.OCI_MANIFEST;
    }

    /** The value Go's decoder would put in the struct field {@code name}: the last key equal ignoring case. */
    static JsonNode goField(JsonNode obj, String name) {
        JsonNode found = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull();
    }

    private static boolean goString(JsonNode n) {
        return isNull(n) || n.isTextual();
    }

    private static boolean goStrings(JsonNode n) {
        return isNull(n) || n.isArray() && all(n, ManifestMediaType::goString);
    }

    private static boolean all(JsonNode container, Predicate<JsonNode> ok) {
        for (JsonNode n : container) {
            if (!ok.test(n)) {
                return false;
            }
        }
        return true;
    }

    /** Whether Go could decode n into an imgspecv1.Descriptor. */
    private static boolean goDescriptor(JsonNode d) {
        if (isNull(d)) {
            return true;
        }
        if (!d.isObject()) {
            return false;
        }
        JsonNode size = goField(d, "size");
        JsonNode annotations = goField(d, "annotations");
        JsonNode data = goField(d, "data");
        JsonNode platform = goField(d, "platform");
        return goString(goField(d, "mediaType")) && goString(goField(d, "digest"))
                && goString(goField(d, "artifactType")) && goStrings(goField(d, "urls"))
                && (isNull(size) || size.isIntegralNumber() && size.canConvertToLong())
                && (isNull(annotations) || annotations.isObject() && all(annotations, ManifestMediaType::goString))
                && (isNull(data) || data.isTextual() && goBase64(data.asText()))
                && (isNull(platform) || platform.isObject() && goString(goField(platform, "architecture"))
                        && goString(goField(platform, "os")) && goString(goField(platform, "os.version"))
                        && goStrings(goField(platform, "os.features")) && goString(goField(platform, "variant")));
    }

    private static boolean goBase64(String s) {
        String t = s.replace("\r", "").replace("\n", "");
        try {
            Base64.getDecoder().decode(t);
            return t.length() % 4 == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
