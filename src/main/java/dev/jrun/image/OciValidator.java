package dev.jrun.image;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.jrun.JrunException;
import java.io.IOException;
import java.util.Set;

/**
 * Validates OCI (and Docker v2 schema 2) documents by media type, as image-spec's
 * {@code schema/validator.go} does: the Go struct's types, then the JSON Schema of the media type.
 * Written by hand over Jackson trees. Stricter than upstream in a few places a store needs:
 * every digest (not only a top-level descriptor's) must be well formed, embedded {@code data} must
 * match its size and digest, rootfs diff_ids must be digests, duplicate keys and trailing bytes are refused,
 * and a document's own mediaType must be of the kind it is validated as.
 * One leniency: {@code config.Env: null} is accepted, because moby writes it for images without environment.
 */
public final class OciValidator {
    private static final ObjectReader STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build().reader();

    /** Config media types docker treats as an image config (moby's ImageTypes, including its historical oddities). */
    private static final Set<String> IMAGE_CONFIG_TYPES = Set.of(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG,
            "application/octet-stream", "application/json", "text/html");

    private OciValidator() {
    }

    /** True if {@link #validate} knows the media type. */
    public static boolean canValidate(String mediaType) {
        return kind(mediaType) != null;
    }

    /** Validates {@code doc} as {@code mediaType}; the error message starts with the kind of document. */
    public static void validate(String mediaType, byte[] doc) {
        String kind = kind(mediaType);
        validate(mediaType, doc, kind == null ? "document" : kind);
    }

    /**
     * Validates {@code doc} as {@code mediaType}. {@code what} starts every error message, e.g.
     * {@code "manifest sha256:ab12..."} gives {@code manifest sha256:ab12... layers[2].digest: invalid sha256 digest ...}.
     */
    public static void validate(String mediaType, byte[] doc, String what) {
        if (MediaTypes.DOCKER_SCHEMA1.equals(mediaType) || MediaTypes.DOCKER_SCHEMA1_SIGNED.equals(mediaType)) {
            throw schema1(what);
        }
        String kind = kind(mediaType);
        if (kind == null) {
            throw new JrunException(what + ": cannot validate media type " + mediaType
                    + ": not an image manifest, index, config, descriptor or oci-layout");
        }
        JsonNode root = parse(doc, what);
        JsonChecks c = new JsonChecks(what);
        c.object(root, "");
        switch (kind) {
            case "manifest" -> manifest(c, root, what);
            case "image index" -> index(c, root, what);
            case "image config" -> ImageConfigChecks.config(c, root);
            case "descriptor" -> c.descriptor(root, "");
            default -> layout(c, root);
        }
    }

    /**
     * Refuses a manifest that is not a container image an engine can run: an OCI artifact (a config
     * that is not an image config), or a layer of a media type jrun cannot unpack (encrypted or unknown).
     */
    public static void requireImage(Manifest manifest, String what) {
        String config = manifest.config().mediaType();
        if (!IMAGE_CONFIG_TYPES.contains(config)) {
            String type = manifest.artifactType() != null ? manifest.artifactType() : config;
            throw new JrunException(what + " is an OCI artifact of type " + type + " (config media type " + config
                    + "), not a container image; jrun stores and runs images only");
        }
        for (int i = 0; i < manifest.layers().size(); i++) {
            String t = manifest.layers().get(i).mediaType();
            if (!MediaTypes.isLayer(t)) {
                throw new JrunException(what + " layers[" + i + "]: unsupported layer media type " + t
                        + (t.contains("encrypted") ? " (encrypted layers are not supported)" : ""));
            }
        }
    }

    static JrunException schema1(String what) {
        return new JrunException(what + " is a Docker schema 1 manifest, which jrun does not support"
                + " (Docker deprecated it in 2019); push or save the image again with a current docker or podman");
    }

    private static String kind(String mediaType) {
        if (mediaType == null) {
            return null;
        }
        return switch (mediaType) {
            case MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST -> "manifest";
            case MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST -> "image index";
            case MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG -> "image config";
            case MediaTypes.OCI_DESCRIPTOR -> "descriptor";
            case MediaTypes.OCI_LAYOUT_HEADER -> "oci-layout";
            default -> null;
        };
    }

    private static JsonNode parse(byte[] doc, String what) {
        try {
            JsonNode root = STRICT.readTree(doc);
            if (root == null || root.isMissingNode()) {
                throw new JrunException(what + ": empty document");
            }
            return root;
        } catch (IOException e) {
            throw new JrunException(what + ": malformed JSON: " + Json.firstLine(e.getMessage()), e);
        }
    }

    private static void schemaVersion(JsonChecks c, JsonNode root, String what) {
        JsonNode v = c.field(root, "schemaVersion", "", true);
        if (v.isIntegralNumber() && v.asLong() == 1) {
            throw schema1(what);
        }
        if (c.integer(root, "schemaVersion", "", true, Long.MIN_VALUE) != 2) {
            throw c.fail("schemaVersion", "must be 2, not " + v.asText());
        }
    }

    private static void manifest(JsonChecks c, JsonNode root, String what) {
        schemaVersion(c, root, what);
        c.noFieldsOf(root, "an image manifest", "manifests", "fsLayers");
        String mt = c.mediaType(root, "mediaType", "", false);
        if (mt != null && !MediaTypes.isManifest(mt)) {
            throw c.fail("mediaType", mt + " is not an image manifest media type");
        }
        c.mediaType(root, "artifactType", "", false);
        c.descriptor(c.field(root, "config", "", true), "config");
        JsonNode layers = c.field(root, "layers", "", true);
        if (!layers.isArray()) {
            throw c.fail("layers", "must be an array of descriptors, not " + JsonChecks.describe(layers));
        }
        if (layers.isEmpty()) {
            throw c.fail("layers", "must list at least one layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            c.descriptor(layers.get(i), "layers[" + i + "]");
        }
        subjectAndAnnotations(c, root);
    }

    private static void index(JsonChecks c, JsonNode root, String what) {
        schemaVersion(c, root, what);
        c.noFieldsOf(root, "an image index", "config", "layers", "fsLayers", "history");
        String mt = c.mediaType(root, "mediaType", "", false);
        if (mt != null && !MediaTypes.isIndex(mt)) {
            throw c.fail("mediaType", mt + " is not an image index media type");
        }
        c.mediaType(root, "artifactType", "", false);
        JsonNode manifests = c.field(root, "manifests", "", true);
        if (!manifests.isArray()) {
            throw c.fail("manifests", "must be an array of descriptors, not " + JsonChecks.describe(manifests));
        }
        for (int i = 0; i < manifests.size(); i++) {
            c.descriptor(manifests.get(i), "manifests[" + i + "]");
        }
        subjectAndAnnotations(c, root);
    }

    private static void subjectAndAnnotations(JsonChecks c, JsonNode root) {
        JsonNode subject = root.get("subject");
        if (subject != null) {
            c.descriptor(subject, "subject");
        }
        c.map(root, "annotations", "", false, false);
    }

    private static void layout(JsonChecks c, JsonNode root) {
        String v = c.string(root, "imageLayoutVersion", "", true);
        if (!v.equals("1.0.0")) {
            throw c.fail("imageLayoutVersion", "unsupported version \"" + v + "\" (want 1.0.0)");
        }
    }
}
