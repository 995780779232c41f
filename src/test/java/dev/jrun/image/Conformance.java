package dev.jrun.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the conformance data copied under src/test/resources/conformance. */
final class Conformance {
    static final String IMAGE_SPEC = "conformance/image-spec/";
    static final String CONTAINERS_IMAGE = "conformance/containers-image-manifests/";

    private Conformance() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = Conformance.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String path) {
        return Json.tree(bytes(path), path);
    }
}
