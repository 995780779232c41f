package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** containers/image's manifest fixtures: media type guessing and manifest digests. */
class ContainersImageManifestsTest {
    private static final String DIR = Conformance.CONTAINERS_IMAGE;

    private static Stream<Arguments> cases(String section) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Conformance.json(DIR + "expectations.json").get(section).get("cases")) {
            out.add(Arguments.of(c.get("file").asText(), c.get("expected").asText()));
        }
        return out.stream();
    }

    static Stream<Arguments> guessCases() {
        return cases("guess_media_type");
    }

    static Stream<Arguments> digestCases() {
        return cases("manifest_digest");
    }

    @Test
    void expectationCounts() {
        assertEquals(14, guessCases().count());
        assertEquals(4, digestCases().count());
    }

    @ParameterizedTest(name = "guess {0} = \"{1}\"")
    @MethodSource("guessCases")
    void guessMediaType(String file, String expected) {
        assertEquals(expected, ManifestMediaType.guess(Conformance.bytes(DIR + file)));
    }

    @ParameterizedTest(name = "digest {0} = {1}")
    @MethodSource("digestCases")
    void manifestDigest(String file, String expected) {
        byte[] bytes = Conformance.bytes(DIR + file);
        if (expected.equals("error")) {
            JrunException e = assertThrows(JrunException.class, () -> ManifestDigest.of(bytes));
            assertTrue(e.getMessage().contains("signatures"), e.getMessage());
        } else {
            assertEquals(Digest.parse(expected), ManifestDigest.of(bytes));
            assertTrue(ManifestDigest.matches(bytes, Digest.parse(expected)));
        }
    }

    @Test
    void digestOfEmptyInputIsTheEmptySha256() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                ManifestDigest.of(new byte[0]).toString());
        assertEquals("", ManifestMediaType.guess(new byte[0]));
    }

    @Test
    void signedAndUnsignedSchema1HashTheSamePayload() {
        byte[] signed = Conformance.bytes(DIR + "fixtures/v2s1.manifest.json");
        byte[] unsigned = Conformance.bytes(DIR + "fixtures/v2s1-unsigned.manifest.json");
        assertEquals(new String(unsigned, java.nio.charset.StandardCharsets.UTF_8),
                new String(ManifestDigest.jwsPayload(signed), java.nio.charset.StandardCharsets.UTF_8));
        // The plain sha256 of the signed bytes is not the manifest digest.
        assertTrue(!Digest.sha256(signed).equals(ManifestDigest.of(signed)));
    }

    @Test
    void guessFollowsGoDecoding() {
        // Field names match case-insensitively, as in Go's encoding/json.
        assertEquals(MediaTypes.OCI_INDEX, ManifestMediaType.guess(
                "{\"SchemaVersion\":2,\"MediaType\":\"application/vnd.oci.image.index.v1+json\"}".getBytes()));
        // A field of the wrong type fails the whole decode.
        assertEquals("", ManifestMediaType.guess("{\"schemaVersion\":\"2\",\"config\":{}}".getBytes()));
        assertEquals("", ManifestMediaType.guess("{\"schemaVersion\":2,\"config\":\"x\"}".getBytes()));
        assertEquals("", ManifestMediaType.guess("[1,2]".getBytes()));
        assertEquals("", ManifestMediaType.guess("{\"schemaVersion\":2} trailing".getBytes()));
        // schemaVersion 1 with "signatures": null is unsigned.
        assertEquals(MediaTypes.DOCKER_SCHEMA1, ManifestMediaType.guess(
                "{\"schemaVersion\":1,\"signatures\":null}".getBytes()));
        // An index entry of the wrong shape makes it unrecognisable.
        assertEquals("", ManifestMediaType.guess("{\"schemaVersion\":2,\"manifests\":[{\"size\":\"1\"}]}".getBytes()));
    }
}
