package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The start-up JSON path must take the records jrun reads at every start itself (no fallback to Jackson)
 * and give exactly Jackson's objects and bytes; on anything doubtful it must step aside.
 */
class FastJsonTest {
    private static final Path FIXTURES = Path.of("src/test/resources/conformance/containers-image-manifests/fixtures");

    @ParameterizedTest
    @ValueSource(strings = {"ociv1.manifest.json", "ociv1.everything.json", "ociv1.zstd.manifest.json",
        "ociv1.uncompressed.manifest.json", "ociv1.nondistributable.manifest.json"})
    void manifestsReadAndWriteAsJackson(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(file));
        Manifest fast = FastJson.read(bytes, Manifest.class);
        Manifest ref = Json.mapper().readValue(bytes, Manifest.class);
        assertEquals(ref, fast);
        assertArrayEquals(Json.mapper().writeValueAsBytes(ref), FastJson.write(fast), file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ociv1.image.index.json", "ociv1nomime.image.index.json"})
    void indexesReadAndWriteAsJackson(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(FIXTURES.resolve(file));
        ImageIndex fast = FastJson.read(bytes, ImageIndex.class);
        assertEquals(Json.mapper().readValue(bytes, ImageIndex.class), fast);
        assertArrayEquals(Json.mapper().writeValueAsBytes(fast), FastJson.write(fast), file);
    }

    /** A record bound from the tree parse() made (an OCI create's config.json) is the one read from the bytes. */
    @Test
    void recordFromAParsedTreeIsJacksons() throws Exception {
        byte[] bytes = dev.jrun.oci.DefaultSpec.create().toJson();
        Object tree = FastJson.parse(bytes);
        dev.jrun.runtime.spec.Spec fast = FastJson.read(tree, dev.jrun.runtime.spec.Spec.class);
        assertEquals(Json.mapper().readValue(bytes, dev.jrun.runtime.spec.Spec.class), fast);
        assertEquals(fast, Json.read(tree, bytes, dev.jrun.runtime.spec.Spec.class, "config.json"));
        assertThrows(FastJson.Fallback.class, () -> FastJson.read(List.of(), dev.jrun.runtime.spec.Spec.class));
    }

    @Test
    void imageConfigWithEveryFieldOfTheStartPath() throws Exception {
        String json = """
            {"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","author":"a \\"q\\" \\u00e9 \\n",
             "config":{"User":"app","Env":["PATH=/bin","X=\\t"],"Entrypoint":["/bin/sh","-c"],"Cmd":["echo"],
             "WorkingDir":"/w","ExposedPorts":{"80/tcp":{}},"Labels":{"b":"2","a":"1"},"StopSignal":"SIGTERM",
             "Volumes":{"/data":{}}},
             "rootfs":{"type":"layers","diff_ids":["sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"]},
             "history":[{"created_by":"/bin/sh -c #(nop) ADD","empty_layer":true},{"created_by":"RUN x"}],
             "unknown":{"deep":[1,2,{"x":null}]}}""";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ImageConfig fast = FastJson.read(bytes, ImageConfig.class);
        ImageConfig ref = Json.mapper().readValue(bytes, ImageConfig.class);
        assertEquals(ref, fast);
        assertArrayEquals(Json.mapper().writeValueAsBytes(ref), FastJson.write(fast));
    }

    @Test
    void containerRecordsAndStates() throws Exception {
        ContainerRecord r = new ContainerRecord("a".repeat(64), "web", "sha256:" + "b".repeat(64), "busybox",
                "2026-11-26T18:00:00Z", "/bin/sh",
                List.of("-c", "echo \u0001 hi", "q\"b\\s\tx", "\u00e9 \u65e5\u672c \u0085 plain"), List.of("A=1"), "/", "0:0",
                "host", Map.of("z", "1", "a", "2"), "SIGTERM", List.of("l1", "l2"), true);
        byte[] ref = Json.mapper().writeValueAsBytes(r);
        assertArrayEquals(ref, FastJson.write(r));
        assertEquals(r, FastJson.read(ref, ContainerRecord.class));
        ContainerState s = ContainerState.created();
        assertArrayEquals(Json.mapper().writeValueAsBytes(s), FastJson.write(s));
        assertEquals(s, FastJson.read(FastJson.write(s), ContainerState.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"schemaVersion\":2,}", "[1]", "{\"schemaVersion\":\"2\"}",
        "{\"schemaVersion\":2.5}", "{\"schemaVersion\":2} x", "{\"config\":{\"digest\":\"nodigest\"}}",
        "{\"a\":\"\\ud800\"}", "{\"a\":tru}"})
    void stepsAsideOnWhatJacksonMustJudge(String json) {
        assertThrows(FastJson.Fallback.class, () -> FastJson.read(json.getBytes(StandardCharsets.UTF_8), Manifest.class));
    }

    @Test
    void malformedUtf8IsLeftToJackson() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, '"', '}'};
        assertThrows(FastJson.Fallback.class, () -> FastJson.read(bad, Manifest.class));
    }
}
