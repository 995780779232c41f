package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** buildkit's word-expansion tables: envVarTest, wordsTest and TestProcessWithMatches. */
class ShellLexConformanceTest {
    private static final ShellLex LEX = ShellLex.of('\\');

    @TestFactory
    Stream<DynamicTest> envVarTest() throws IOException {
        Map<String, String> vars = Map.of("PWD", "/home", "SHELL", "bash", "KOREAN", "한국어", "NULL", "");
        EnvGetter unix = EnvGetter.of(vars);
        // On Windows buildkit compares variable names case-insensitively; that is all the W rows test.
        Map<String, String> upper = new HashMap<>();
        vars.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        EnvGetter windows = name -> upper.get(name.toUpperCase(Locale.ROOT));
        List<DynamicTest> tests = new ArrayList<>();
        String[] lines = Conformance.read("shell/envVarTest").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#") || line.trim().isEmpty()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            assertEquals(3, f.length, "line " + (i + 1));
            String platform = f[0].trim();
            String input = f[1].trim();
            String expected = f[2].trim();
            EnvGetter env = platform.equals("W") ? windows : unix;
            tests.add(DynamicTest.dynamicTest("line " + (i + 1) + " " + platform + " " + input, () -> {
                if (expected.equals("error")) {
                    assertThrows(ShellExpansionException.class, () -> LEX.processWord(input, env));
                } else {
                    assertEquals(expected, LEX.processWord(input, env));
                }
            }));
        }
        assertEquals(230, tests.size(), "envVarTest cases");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wordsTest() throws IOException {
        List<String> envs = new ArrayList<>();
        List<DynamicTest> tests = new ArrayList<>();
        String[] lines = Conformance.read("shell/wordsTest").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#") || (line.isEmpty() && i == lines.length - 1)) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                envs.add(line.substring(3).replaceFirst("^ +", ""));
                continue;
            }
            String[] f = line.split("\\|", -1);
            assertEquals(2, f.length, "line " + (i + 1));
            String input = f[0].trim();
            List<String> expected = List.of(f[1].replaceFirst("^ +", "").split(",", -1));
            EnvGetter env = EnvGetter.fromList(List.copyOf(envs));
            tests.add(DynamicTest.dynamicTest("line " + (i + 1) + " " + input, () -> {
                List<String> actual;
                try {
                    actual = LEX.processWords(input, env);
                } catch (ShellExpansionException e) {
                    actual = List.of("error");
                }
                assertEquals(expected, actual);
            }));
        }
        assertEquals(24, tests.size(), "wordsTest cases");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> processWithMatches() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Conformance.read("shell/processWithMatches.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            String input = c.get("input").asText();
            Map<String, String> envs = new HashMap<>();
            c.get("envs").fields().forEachRemaining(e -> envs.put(e.getKey(), e.getValue().asText()));
            boolean expectError = c.get("expectError").asBoolean();
            String expected = c.path("expected").asText();
            Set<String> matched = names(c.get("matched"));
            Set<String> unmatched = names(c.get("unmatched"));
            tests.add(DynamicTest.dynamicTest("line " + c.get("origin_line").asInt() + " " + input, () -> {
                EnvGetter env = EnvGetter.of(envs);
                if (expectError) {
                    assertThrows(ShellExpansionException.class, () -> LEX.processWordWithMatches(input, env));
                    return;
                }
                ShellLex.Result r = LEX.processWordWithMatches(input, env);
                assertEquals(expected, r.result());
                assertEquals(matched, r.matched(), "matched");
                assertEquals(unmatched, r.unmatched(), "unmatched");
            }));
        }
        assertEquals(47, tests.size(), "processWithMatches cases");
        return tests.stream();
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new HashSet<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
