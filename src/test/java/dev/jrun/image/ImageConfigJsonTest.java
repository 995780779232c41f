package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ImageConfig through Jackson: docker's keys survive a round trip, absent fields stay absent. */
class ImageConfigJsonTest {
    private static final String EXAMPLE = Conformance.IMAGE_SPEC + "tests/spec-examples/001-config-image-json.json";

    @Test
    void specExampleRoundTripsWithDockerKeys() {
        ImageConfig c = ImageConfig.parse(Conformance.bytes(EXAMPLE), "spec example");
        byte[] out = Json.bytes(c);
        JsonNode t = Json.tree(out, "serialized config");

        assertEquals("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", t.at("/config/Env/0").asText());
        assertEquals("alice", t.at("/config/User").asText());
        assertTrue(t.at("/config/ExposedPorts/8080~1tcp").isObject());
        assertTrue(t.at("/config/Volumes/~1var~1job-result-data").isObject());
        assertEquals("/bin/my-app-binary", t.at("/config/Entrypoint/0").asText());
        assertEquals("/home/alice", t.at("/config/WorkingDir").asText());
        assertEquals("layers", t.at("/rootfs/type").asText());
        assertEquals("sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",
                t.at("/rootfs/diff_ids/0").asText());
        assertTrue(t.at("/history/1/empty_layer").asBoolean());
        assertTrue(t.at("/history/0/created_by").asText().startsWith("/bin/sh -c #(nop) ADD file:"));
        // Absent stays absent: no nulls written, no lower-case duplicates of docker's keys.
        assertTrue(t.at("/history/0/empty_layer").isMissingNode());
        assertTrue(t.at("/config/Cmd").isArray());
        assertTrue(t.at("/config/StopSignal").isMissingNode());
        assertTrue(t.at("/config/env").isMissingNode());
        assertFalse(new String(out, StandardCharsets.UTF_8).contains("null"));

        assertEquals(c, ImageConfig.parse(out, "reparsed"));
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.OCI_CONFIG, out));
        assertEquals(2, c.diffIds().size());
        assertEquals(1, c.historyOrEmpty().stream().filter(ImageConfig.History::isEmptyLayer).count());
    }

    @Test
    void builtConfigSerializesAsDockerDoes() {
        ImageConfig.ContainerConfig cc = new ImageConfig.ContainerConfig("1000", Map.of("80/tcp", Map.of()),
                List.of("PATH=/bin", "A=b=c"), null, List.of("sh"), null, "/", Map.of("k", "v"), null, null,
                null, null, null);
        ImageConfig c = new ImageConfig("2026-01-01T00:00:00Z", null, "amd64", "linux", null, null, cc,
                ImageConfig.RootFs.layers(List.of()), null)
                .withLayer(Digest.sha256("layer"), new ImageConfig.History("2026-01-01T00:00:00Z", "ADD x /", null, null, null))
                .withLayer(Digest.sha256("empty"), new ImageConfig.History(null, "CMD", null, null, true));
        String json = new String(Json.bytes(c), StandardCharsets.UTF_8);
        // Docker's capitalised keys inside "config", nothing else written.
        assertTrue(json.contains("\"config\":{\"User\":\"1000\",\"ExposedPorts\":{\"80/tcp\":{}},"
                + "\"Env\":[\"PATH=/bin\",\"A=b=c\"],\"Cmd\":[\"sh\"],\"WorkingDir\":\"/\",\"Labels\":{\"k\":\"v\"}}"), json);
        assertTrue(json.contains("\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256("layer") + "\",\""), json);
        assertTrue(json.contains("\"empty_layer\":true"), json);
        assertDoesNotThrow(() -> OciValidator.validate(MediaTypes.OCI_CONFIG, json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(c, ImageConfig.parse(json.getBytes(StandardCharsets.UTF_8), "built"));
        // Same value, same bytes: the digest of a config jrun writes is stable.
        assertEquals(Digest.sha256(Json.bytes(c)), Digest.sha256(Json.bytes(ImageConfig.parse(Json.bytes(c), "again"))));
    }

    @Test
    void refusesBadEnvAndMissingRootfs() {
        JrunException env = assertThrows(JrunException.class, () -> ImageConfig.parse(
                "{\"os\":\"linux\",\"architecture\":\"amd64\",\"config\":{\"Env\":[\"foo\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                        .getBytes(StandardCharsets.UTF_8), "sha256:abc"));
        assertTrue(env.getMessage().contains("sha256:abc") && env.getMessage().contains("foo"), env.getMessage());
        JrunException rootfs = assertThrows(JrunException.class, () -> ImageConfig.parse(
                "{\"os\":\"linux\",\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8), "sha256:abc"));
        assertTrue(rootfs.getMessage().contains("no rootfs"), rootfs.getMessage());
    }
}
