package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of image-spec's tests/index.json: valid ones accepted, invalid ones refused. */
class OciValidatorVectorsTest {

    static Stream<Arguments> vectors() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Conformance.json(Conformance.IMAGE_SPEC + "tests/index.json").get("cases")) {
            String file = c.get("file").asText();
            String name = file.substring(file.lastIndexOf('/') + 1) + " (" + c.get("comment").asText() + ")";
            out.add(Arguments.of(name, file, c.get("validator").asText(), c.get("expect").asText()));
        }
        return out.stream();
    }

    @Test
    void indexHas84Vectors() {
        assertEquals(84, vectors().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(String name, String file, String mediaType, String expect) {
        byte[] doc = Conformance.bytes(Conformance.IMAGE_SPEC + file);
        if (file.contains("docker-v2.2-compat")) {
            doc = dockerToOci(doc);
        }
        byte[] input = doc;
        if (expect.equals("valid")) {
            assertDoesNotThrow(() -> OciValidator.validate(mediaType, input), name);
        } else {
            JrunException e = assertThrows(JrunException.class, () -> OciValidator.validate(mediaType, input), name);
            assertTrue(e.getMessage().length() > 10, e.getMessage());
        }
    }

    /** What upstream's backwards_compatibility_test does before validating: Docker media types become OCI ones. */
    static byte[] dockerToOci(byte[] doc) {
        String s = new String(doc, StandardCharsets.UTF_8)
                .replace(MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.OCI_INDEX)
                .replace(MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_MANIFEST)
                .replace(MediaTypes.DOCKER_LAYER_GZIP, MediaTypes.OCI_LAYER_GZIP)
                .replace(MediaTypes.DOCKER_CONFIG, MediaTypes.OCI_CONFIG);
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
