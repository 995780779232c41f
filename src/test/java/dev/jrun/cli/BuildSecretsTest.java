package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build --secret's forms: a file, a named variable, the id as variable; errors name the spec. */
class BuildSecretsTest {
    @TempDir
    Path dir;

    @Test
    void fileEnvAndIdAsVariable() throws Exception {
        Path f = Files.writeString(dir.resolve("s"), "from-file");
        Map<String, byte[]> s = BuildSecrets.parse(List.of("id=a,src=" + f, "id=b,env=B_VAR", "id=C"),
                Map.of("B_VAR", "from-env", "C", "from-id"));
        assertArrayEquals("from-file".getBytes(StandardCharsets.UTF_8), s.get("a"));
        assertArrayEquals("from-env".getBytes(StandardCharsets.UTF_8), s.get("b"));
        assertArrayEquals("from-id".getBytes(StandardCharsets.UTF_8), s.get("C"));
    }

    @Test
    void badSpecsNameTheProblem() {
        JrunException noId = assertThrows(JrunException.class, () -> BuildSecrets.parse(List.of("src=/x"), Map.of()));
        assertTrue(noId.getMessage().contains("id= is required"), noId.getMessage());
        JrunException noFile = assertThrows(JrunException.class,
                () -> BuildSecrets.parse(List.of("id=a,src=" + dir.resolve("nope")), Map.of()));
        assertTrue(noFile.getMessage().contains("--secret id=a") && noFile.getMessage().contains("nope"),
                noFile.getMessage());
        JrunException noVar = assertThrows(JrunException.class,
                () -> BuildSecrets.parse(List.of("id=a,env=UNSET_VAR"), Map.of()));
        assertTrue(noVar.getMessage().contains("UNSET_VAR is not set"), noVar.getMessage());
    }
}
