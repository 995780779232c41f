package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jrun.JrunException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every manifest shape in containers/image's fixtures goes through the path a store takes on load:
 * guess the media type, validate, parse with our models, and require a runnable image. Each is either
 * accepted (OCI and Docker v2s2 images and indexes) or refused with a message naming the problem.
 */
class ManifestFixturesTest {

    /** The store's load sequence for a manifest or index; returns the parsed model. */
    static Object load(byte[] bytes, String what) {
        String mediaType = ManifestMediaType.guess(bytes);
        if (mediaType.isEmpty()) {
            throw new JrunException(what + ": not a recognised image manifest or index");
        }
        OciValidator.validate(mediaType, bytes, what);
        if (MediaTypes.isIndex(mediaType)) {
            return ImageIndex.parse(bytes, what);
        }
        Manifest m = Manifest.parse(bytes, what);
        OciValidator.requireImage(m, what);
        assertEquals(mediaType, m.effectiveMediaType(), what);
        return m;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ociv1.manifest.json                     | image
            ociv1nomime.manifest.json               | image
            ociv1.uncompressed.manifest.json        | image
            ociv1.zstd.manifest.json                | image
            ociv1.nondistributable.manifest.json    | image
            ociv1.nondistributable.gzip.manifest.json | image
            ociv1.nondistributable.zstd.manifest.json | image
            v2s2.manifest.json                      | image
            v2s2.everything.json                    | image
            v2s2.uncompressed.manifest.json         | image
            v2s2.nondistributable.manifest.json     | image
            v2s2.nondistributable.gzip.manifest.json | image
            ociv1.image.index.json                  | index
            ociv1nomime.image.index.json            | index
            v2list.manifest.json                    | index
            ociv1.artifact.json                     | config.digest: invalid digest ""
            ociv1nomime.artifact.json               | config.digest: invalid digest ""
            ociv1.everything.json                   | config.data: embedded data has digest
            ociv1.encrypted.manifest.json           | encrypted layers are not supported
            ociv1.invalid.mediatype.manifest.json   | layers[0]: unsupported layer media type application/vnd.oci.image.layer.v1.tar+unknown
            v2s2nomime.manifest.json                | layers: must list at least one layer
            v2s1.manifest.json                      | Docker schema 1 manifest
            v2s1-unsigned.manifest.json             | Docker schema 1 manifest
            v2s1-invalid-signatures.manifest.json   | Docker schema 1 manifest
            v2s1.everything.json                    | Docker schema 1 manifest
            schema2-to-schema1-by-docker.json       | Docker schema 1 manifest
            unknown-version.manifest.json           | not a recognised image manifest or index
            non-json.manifest.json                  | not a recognised image manifest or index
            """)
    void fixture(String file, String outcome) {
        byte[] bytes = Conformance.bytes(Conformance.CONTAINERS_IMAGE + "fixtures/" + file);
        String what = "manifest " + file;
        switch (outcome) {
            case "image" -> {
                Manifest m = (Manifest) load(bytes, what);
                JsonNode tree = Json.tree(bytes, file);
                assertEquals(tree.get("layers").size(), m.layers().size());
                assertEquals(tree.get("config").get("digest").asText(), m.config().digest().toString());
                for (int i = 0; i < m.layers().size(); i++) {
                    assertEquals(tree.get("layers").get(i).get("mediaType").asText(), m.layers().get(i).mediaType());
                }
            }
            case "index" -> {
                ImageIndex idx = (ImageIndex) load(bytes, what);
                JsonNode tree = Json.tree(bytes, file);
                assertEquals(tree.get("manifests").size(), idx.manifests().size());
                assertTrue(idx.manifests().stream().allMatch(d -> d.platform() != null), file);
            }
            default -> {
                JrunException e = assertThrows(JrunException.class, () -> load(bytes, what));
                assertTrue(e.getMessage().startsWith(what), e.getMessage());
                assertTrue(e.getMessage().contains(outcome), e.getMessage());
            }
        }
    }
}
