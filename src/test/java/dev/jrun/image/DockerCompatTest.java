package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** image-spec's four real Docker Hub documents: exact-byte digests, and our models read them. */
class DockerCompatTest {
    private static final String DIR = Conformance.IMAGE_SPEC + "tests/docker-v2.2-compat/";

    private static String recordedDigest(String file) {
        for (JsonNode c : Conformance.json(Conformance.IMAGE_SPEC + "tests/index.json").get("cases")) {
            if (c.get("file").asText().equals("tests/docker-v2.2-compat/" + file)) {
                return c.get("sha256_of_file_bytes").asText();
            }
        }
        throw new AssertionError("no case for " + file);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "image-index/001-valid-case.json",
        "manifest/001-valid-manifest-pulled-from-docker-hub-using-hash-value-curl-l-h-au.json",
        "config/001-valid-config-pulled-from-docker-hub-blob-store-token-curl-https-au.json",
        "config/002-valid-case.json"})
    void sha256OfExactBytesIsTheRecordedDigest(String file) {
        byte[] bytes = Conformance.bytes(DIR + file);
        Digest expected = Digest.parse(recordedDigest(file));
        assertEquals(expected, Digest.sha256(bytes));
        assertEquals(expected, ManifestDigest.of(bytes));
        // Re-serializing would change the digest: the store must keep the bytes it was given.
        assertTrue(!Digest.sha256(Json.bytes(Json.tree(bytes, file))).equals(expected));
    }

    @Test
    void manifestList() {
        byte[] bytes = Conformance.bytes(DIR + "image-index/001-valid-case.json");
        assertEquals(MediaTypes.DOCKER_MANIFEST_LIST, ManifestMediaType.guess(bytes));
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.DOCKER_MANIFEST_LIST, bytes));
        ImageIndex idx = ImageIndex.parse(bytes, "docker hub manifest list");
        assertEquals(5, idx.manifests().size());
        assertEquals(Platform.of("linux", "arm", "v7"), idx.manifests().get(3).platform());
        assertEquals(Platform.parse("linux/arm64/v8"), idx.manifests().get(4).platform());
        assertEquals(MediaTypes.DOCKER_MANIFEST, idx.manifests().get(1).mediaType());
        assertEquals(1922, idx.manifests().get(1).size());
    }

    @Test
    void manifest() {
        byte[] bytes = Conformance.bytes(DIR
                + "manifest/001-valid-manifest-pulled-from-docker-hub-using-hash-value-curl-l-h-au.json");
        assertEquals(MediaTypes.DOCKER_MANIFEST, ManifestMediaType.guess(bytes));
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.DOCKER_MANIFEST, bytes));
        Manifest m = Manifest.parse(bytes, "docker hub manifest");
        assertEquals(4, m.layers().size());
        assertEquals(MediaTypes.DOCKER_MANIFEST, m.effectiveMediaType());
        assertTrue(m.layers().stream().allMatch(l -> MediaTypes.isGzipLayer(l.mediaType())));
        assertEquals(2310272 + 913022 + 9861668 + 465, m.layers().stream().mapToLong(Descriptor::size).sum());
        // Docker Hub served its config as application/octet-stream in 2016; docker treats that as an image.
        assertEquals("application/octet-stream", m.config().mediaType());
        assertDoesNotThrow(() -> OciValidator.requireImage(m, "docker hub manifest"));
    }

    @Test
    void configs() {
        byte[] first = Conformance.bytes(DIR
                + "config/001-valid-config-pulled-from-docker-hub-blob-store-token-curl-https-au.json");
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.DOCKER_CONFIG, first));
        ImageConfig c = ImageConfig.parse(first, "docker:1.12.1 config");
        assertEquals("amd64", c.architecture());
        assertEquals("linux", c.os());
        assertEquals(List.of("sh"), c.config().cmd());
        assertEquals(List.of("docker-entrypoint.sh"), c.config().entrypoint());
        assertTrue(c.config().env().contains("DOCKER_VERSION=1.12.1"));
        assertEquals(c.diffIds().size(), c.history().stream().filter(h -> !h.isEmptyLayer()).count());

        byte[] second = Conformance.bytes(DIR + "config/002-valid-case.json");
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.DOCKER_CONFIG, second));
        ImageConfig c2 = ImageConfig.parse(second, "fedora config");
        assertEquals(List.of(Digest.parse("sha256:d43f38155a799dc53d8fbb9f3bc11f51805f4027cd5c3d10b9823201cd5b9400")),
                c2.diffIds());
        assertEquals(null, c2.config().cmd());
        assertTrue(c2.history().get(0).isEmptyLayer());
        assertEquals("Patrick Uiterwijk <patrick@puiterwijk.org>", c2.author());
    }
}
