package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What OciValidator checks beyond the vectors, and the messages a store shows. */
class OciValidatorTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String CONFIG = "{'mediaType':'application/vnd.oci.image.config.v1+json','size':7,'digest':'" + A + "'}";
    private static final String LAYER = "{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip','size':1,'digest':'" + A + "'}";
    private static final String ROOTFS = "'rootfs':{'type':'layers','diff_ids':['" + A + "']}";

    private static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static String refused(String mediaType, String doc) {
        return assertThrows(JrunException.class, () -> OciValidator.validate(mediaType, json(doc))).getMessage();
    }

    private static void accepted(String mediaType, String doc) {
        assertDoesNotThrow(() -> OciValidator.validate(mediaType, json(doc)));
    }

    private static String manifest(String layers, String extra) {
        return "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json','config':" + CONFIG
                + ",'layers':[" + layers + "]" + extra + "}";
    }

    private static String config(String extra) {
        return "{'architecture':'amd64','os':'linux'," + ROOTFS + extra + "}";
    }

    @Test
    void messageNamesTheDocumentAndThePath() {
        String bad = LAYER.replace("'digest':'sha256:a", "'digest':'sha256:A");
        byte[] doc = json(manifest(LAYER + "," + LAYER + "," + bad, ""));
        JrunException e = assertThrows(JrunException.class,
                () -> OciValidator.validate(MediaTypes.OCI_MANIFEST, doc, "manifest sha256:1234"));
        assertEquals("manifest sha256:1234 layers[2].digest: invalid sha256 digest: sha256:A" + "a".repeat(63)
                + " (want 64 lowercase hex characters)", e.getMessage());
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, ",'annotations':{'k':1}"))
                .startsWith("manifest annotations[\"k\"]: must be a string, not number 1"));
    }

    /** Upstream's config vectors 004-006 also carry "os": 123; with that fixed, the intended failure still fires. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            004-invalid-expected-failue-history-has-string-value-must-be-an-array.json | image config history: must be an array
            005-invalid-expected-failure-env-has-numeric-value-must-be-a-string.json   | image config config.Env[0]: must be a string
            006-invalid-expected-failure-config-volumes-has-string-array-must-be-an-.json | image config config.Volumes: must be an object
            """)
    void configVectorsFailForTheirStatedReason(String file, String message) {
        String doc = new String(Conformance.bytes(Conformance.IMAGE_SPEC + "tests/config/" + file), StandardCharsets.UTF_8)
                .replace("\"os\": 123", "\"os\": \"linux\"");
        JrunException e = assertThrows(JrunException.class,
                () -> OciValidator.validate(MediaTypes.OCI_CONFIG, doc.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void dockerMediaTypesUseTheSameRules() {
        accepted(MediaTypes.DOCKER_MANIFEST, manifest(LAYER, "").replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST));
        accepted(MediaTypes.DOCKER_CONFIG, config(""));
        accepted(MediaTypes.DOCKER_MANIFEST_LIST, "{'schemaVersion':2,'manifests':[" + LAYER + "]}");
        assertTrue(refused(MediaTypes.DOCKER_MANIFEST, manifest("", "")).contains("layers: must list at least one layer"));
        assertTrue(OciValidator.canValidate(MediaTypes.DOCKER_MANIFEST));
        assertFalse(OciValidator.canValidate("application/vnd.example+json"));
        assertFalse(OciValidator.canValidate(null));
        assertTrue(refused("application/vnd.example+json", "{}").contains("cannot validate media type"));
    }

    @Test
    void schema1IsRefusedClearly() {
        assertTrue(refused(MediaTypes.DOCKER_SCHEMA1_SIGNED, "{}").contains("Docker schema 1 manifest"));
        assertTrue(refused(MediaTypes.DOCKER_MANIFEST, "{'schemaVersion':1,'fsLayers':[]}").contains("schema 1"));
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, "").replace("'schemaVersion':2", "'schemaVersion':3"))
                .contains("schemaVersion: must be 2, not 3"));
    }

    @Test
    void malformedDocuments() {
        assertTrue(refused(MediaTypes.OCI_MANIFEST, "").contains("empty document"));
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, "") + " {}").contains("malformed JSON"));
        assertTrue(refused(MediaTypes.OCI_MANIFEST, "[1]").contains("must be an object"));
        // Duplicate keys are ambiguous: another parser may keep the other value.
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, ",'layers':[]")).contains("Duplicate field 'layers'"));
    }

    @Test
    void ambiguousAndMislabelledDocuments() {
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, ",'manifests':[]")).contains("manifest manifests: unexpected field"));
        assertTrue(refused(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[],'Layers':[]}").contains("Layers: unexpected field"));
        accepted(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[],'layers':null}");
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER, "").replace(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_INDEX))
                .contains("mediaType: application/vnd.oci.image.index.v1+json is not an image manifest media type"));
    }

    @Test
    void numbersMustBeIntegers() {
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER.replace("'size':1", "'size':1.0"), ""))
                .contains("layers[0].size: must be an integer, not number 1.0"));
        assertTrue(refused(MediaTypes.OCI_MANIFEST, manifest(LAYER.replace("'size':1", "'size':92233720368547758070"), ""))
                .contains("layers[0].size: must be an integer"));
        assertTrue(refused(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[" + LAYER.replace("'size':1", "'size':-1") + "]}")
                .contains("manifests[0].size: must be at least 0"));
    }

    @Test
    void embeddedDataMustMatchItsDescriptor() {
        String empty = "{'mediaType':'application/vnd.oci.empty.v1+json','size':2,'digest':'"
                + "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a','data':'e30='}";
        accepted(MediaTypes.OCI_DESCRIPTOR, empty);
        assertTrue(refused(MediaTypes.OCI_DESCRIPTOR, empty.replace("'size':2", "'size':3")).contains("data: embedded data is 2 bytes"));
        assertTrue(refused(MediaTypes.OCI_DESCRIPTOR, empty.replace("e30=", "W10=")).contains("data: embedded data has digest"));
        assertTrue(refused(MediaTypes.OCI_DESCRIPTOR, empty.replace("e30=", "e3*=")).contains("data: invalid base64"));
    }

    @Test
    void platformsAreChecked() {
        String withPlatform = LAYER.replace("}", ",'platform':{'architecture':'arm64','os':'linux','variant':'v8','os.features':['x']}}");
        accepted(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[" + withPlatform + "]}");
        assertTrue(refused(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[" + withPlatform.replace("'os':'linux',", "") + "]}")
                .contains("manifests[0].platform.os: required field is missing"));
        assertTrue(refused(MediaTypes.OCI_INDEX, "{'schemaVersion':2,'manifests':[" + withPlatform.replace("['x']", "'x'") + "]}")
                .contains("platform.os.features: must be an array of strings"));
    }

    @Test
    void configRules() {
        accepted(MediaTypes.OCI_CONFIG, config(",'config':{'Env':null,'Cmd':null,'Entrypoint':null,'Volumes':null,'Labels':null}"));
        accepted(MediaTypes.OCI_CONFIG, config(",'created':'2016-10-10T23:04:00.821781828+02:00'"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'config':{'User':null}")).contains("config.User: must be a string, not null"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'config':{'Labels':{'a':true}}")).contains("config.Labels[\"a\"]: must be a string"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'config':{'ExposedPorts':{'80/tcp':'yes'}}")).contains("config.ExposedPorts[\"80/tcp\"]: must be an object"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'config':{'ArgsEscaped':'true'}")).contains("config.ArgsEscaped: must be true or false"));
        for (String bad : new String[] {"2015-13-01T00:00:00Z", "2015-02-30T00:00:00Z", "2015-10-31t22:22:56Z",
                "2015-10-31T22:22Z", "2015-10-31T24:00:00Z", "2015-10-31", "2015-10-31T22:22:56+0100"}) {
            assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'created':'" + bad + "'")).contains("created: invalid date-time"), bad);
        }
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'history':[{'created':'yesterday'}]")).contains("history[0].created: invalid date-time"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'history':['x']")).contains("history[0]: must be an object"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config(",'history':[{'empty_layer':1}]")).contains("history[0].empty_layer: must be true or false"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, "{'architecture':'amd64','os':'linux'}").contains("rootfs: required field is missing"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config("").replace("'layers'", "'other'")).contains("rootfs.type: must be \"layers\""));
        assertTrue(refused(MediaTypes.OCI_CONFIG, config("").replace(A, "sha256:abc")).contains("rootfs.diff_ids[0]: invalid sha256 digest"));
        assertTrue(refused(MediaTypes.OCI_CONFIG, "{'os':'linux'," + ROOTFS + "}").contains("architecture: required field is missing"));
    }

    @Test
    void layoutVersion() {
        accepted(MediaTypes.OCI_LAYOUT_HEADER, "{'imageLayoutVersion':'1.0.0'}");
        assertTrue(refused(MediaTypes.OCI_LAYOUT_HEADER, "{'imageLayoutVersion':'1.1.0'}").contains("unsupported version \"1.1.0\""));
        assertTrue(refused(MediaTypes.OCI_LAYOUT_HEADER, "{}").contains("imageLayoutVersion: required field is missing"));
    }

    @Test
    void requireImage() {
        Manifest image = Manifest.parse(json(manifest(LAYER, "")), "m");
        assertDoesNotThrow(() -> OciValidator.requireImage(image, "m"));
        // docker accepts a Docker config in an OCI manifest, and so does jrun.
        Manifest mixed = Manifest.parse(json(manifest(LAYER, "").replace(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG)), "m");
        assertDoesNotThrow(() -> OciValidator.requireImage(mixed, "m"));
        Manifest artifact = Manifest.parse(json(manifest(LAYER, ",'artifactType':'application/vnd.example.sbom'")
                .replace(MediaTypes.OCI_CONFIG, MediaTypes.OCI_EMPTY)), "m");
        JrunException e = assertThrows(JrunException.class, () -> OciValidator.requireImage(artifact, "manifest sha256:1"));
        assertTrue(e.getMessage().startsWith("manifest sha256:1 is an OCI artifact of type application/vnd.example.sbom"),
                e.getMessage());
        Manifest zstd = Manifest.parse(json(manifest(LAYER.replace("+gzip", "+zstd"), "")), "m");
        assertDoesNotThrow(() -> OciValidator.requireImage(zstd, "m"));
        Manifest unknown = Manifest.parse(json(manifest(LAYER + "," + LAYER.replace("+gzip", "+bzip2"), "")), "m");
        assertTrue(assertThrows(JrunException.class, () -> OciValidator.requireImage(unknown, "m")).getMessage()
                .contains("m layers[1]: unsupported layer media type application/vnd.oci.image.layer.v1.tar+bzip2"));
    }
}
