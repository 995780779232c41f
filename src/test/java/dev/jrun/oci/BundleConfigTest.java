package dev.jrun.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.image.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.json checks: version, rootfs, and every field the launcher would not apply refused by name. */
class BundleConfigTest {
    @TempDir
    Path bundle;
    ObjectNode config;

    @BeforeEach
    void defaults() throws Exception {
        Files.createDirectories(bundle.resolve("rootfs"));
        config = (ObjectNode) Json.tree(Json.bytes(DefaultSpec.create()), "default");
    }

    BundleConfig load() throws Exception {
        Files.write(bundle.resolve("config.json"), Json.bytes(config));
        return BundleConfig.load(bundle);
    }

    String error() {
        return assertThrows(OciException.class, this::load).getMessage();
    }

    @Test
    void theDefaultSpecLoadsWithItsRootfs() throws Exception {
        BundleConfig c = load();
        assertEquals(bundle.resolve("rootfs"), c.rootfs());
        assertEquals("sh", c.spec().process().args().get(0));
    }

    @Test
    void emptyHooksAndEmptyLinuxFieldsAreFine() throws Exception {
        config.putObject("hooks").putArray("prestart");
        config.with("linux").putArray("uidMappings");
        load();
    }

    @ParameterizedTest
    @CsvSource({
        "linux.seccomp, linux,seccomp",
        "linux.uidMappings, linux,uidMappings",
        "linux.devices, linux,devices",
        "process.apparmorProfile, process,apparmorProfile",
        "process.selinuxLabel, process,selinuxLabel",
        "process.oomScoreAdj, process,oomScoreAdj",
        "domainname, ,domainname",
    })
    void unsupportedFieldsAreNamed(String named, String parent, String field) {
        ObjectNode where = parent == null ? config : config.with(parent);
        if (field.equals("uidMappings") || field.equals("devices")) {
            where.putArray(field).addObject().put("containerID", 0);
        } else if (field.equals("oomScoreAdj")) {
            where.put(field, 100);
        } else if (field.equals("seccomp")) {
            where.putObject(field).put("defaultAction", "SCMP_ACT_ERRNO");
        } else {
            where.put(field, "x");
        }
        String m = error();
        assertTrue(m.contains(named + " is not supported"), m);
    }

    @Test
    void badDeviceRulesAndHooksAreRefused() {
        config.with("linux").with("resources").putArray("devices").addObject().put("access", "rwm");
        assertTrue(error().contains("linux.resources.devices[0]: a rule needs \"allow\""), error());
        config.with("linux").remove("resources");
        ArrayNode pre = config.putObject("hooks").putArray("prestart");
        pre.addObject().put("path", "/bin/true");
        assertTrue(error().contains("hooks.prestart is not supported"));
    }

    @Test
    void joiningAPidOrMountNamespaceByPathIsRefused() {
        for (var n : config.with("linux").withArray("namespaces")) {
            if (n.get("type").asText().equals("pid")) {
                ((ObjectNode) n).put("path", "/proc/1/ns/pid");
            }
        }
        assertTrue(error().contains("joining an existing pid namespace"), error());
    }

    @Test
    void versionsMalformedJsonAndMissingRootfs() throws Exception {
        config.put("ociVersion", "2.0.0");
        assertTrue(error().contains("unsupported spec version \"2.0.0\""));
        config.remove("ociVersion");
        assertTrue(error().contains("ociVersion is missing"));
        config.put("ociVersion", "1.1.0");
        config.with("root").put("path", "nowhere");
        assertTrue(error().contains("rootfs (" + bundle.resolve("nowhere") + ") does not exist"), error());
        Files.writeString(bundle.resolve("config.json"), "{\"ociVersion\": \"1.0.2\",");
        OciException e = assertThrows(OciException.class, () -> BundleConfig.load(bundle));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
        Files.delete(bundle.resolve("config.json"));
        e = assertThrows(OciException.class, () -> BundleConfig.load(bundle));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }
}
