package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs jrun info on this host (no root needed: it only reads files). */
class InfoCommandTest {
    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            rc = Main.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {String.valueOf(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void jsonDescribesThisHost() throws Exception {
        String[] r = run("--root", "/tmp/jrun-info-test-store", "info", "--format", "json");
        assertEquals("0", r[0], r[2]);
        JsonNode info = new ObjectMapper().readTree(r[1]);
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertEquals(release, info.at("/Kernel/Release").asText());
        assertEquals(System.getProperty("java.version"), info.at("/Java/Version").asText());
        assertEquals("/tmp/jrun-info-test-store", info.at("/StoreRoot").asText());
        assertTrue(info.at("/Kernel/Features/CLONE3/Available").isBoolean());
        assertTrue(info.at("/Cgroups/Mode").asText().matches("v1|v2|hybrid.*|none mounted"), info.toString());
        assertTrue(info.at("/CniPlugins").has("bridge"));
        assertTrue(info.at("/Missing").isArray());
    }

    @Test
    void textNamesEverySection() {
        String[] r = run("info");
        assertEquals("0", r[0], r[2]);
        for (String section : new String[] {"Kernel: ", "  overlayfs: ", "  clone3: ", "Cgroups: ", "CNI plugins",
                "Java: ", "Root: ", "Store: ", "Missing: "}) {
            assertTrue(r[1].contains(section), "missing '" + section + "' in:\n" + r[1]);
        }
    }

    @Test
    void refusesAnUnknownFormat() {
        String[] r = run("info", "--format", "yaml");
        assertEquals("125", r[0]);
        assertTrue(r[2].contains("info --format 'yaml'"), r[2]);
    }

    @Test
    void trainingFindsTheVerbAfterGlobalOptions() {
        assertEquals("info", Main.firstVerb(new String[] {"--root", "/x", "--debug", "info", "--format", "json"}));
        assertEquals(null, Main.firstVerb(new String[] {"--help"}));
    }
}
