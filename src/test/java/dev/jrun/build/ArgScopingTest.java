package dev.jrun.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.cli.CliRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker's ARG scoping, checked through the value a LABEL sees (LABEL v=[$X]): meta args only in
 * FROM unless redeclared, --build-arg overriding declared ARGs only, defaults, ENV winning over ARG,
 * scope ending with the stage.
 */
class ArgScopingTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case | dockerfile (\n = newline) | build args | expected label
        "meta arg not visible in stage|ARG X=meta\\nFROM base\\nLABEL v=[$X]||[]",
        "meta arg redeclared inherits|ARG X=meta\\nFROM base\\nARG X\\nLABEL v=[$X]||[meta]",
        "meta arg overridden by build-arg|ARG X=meta\\nFROM base\\nARG X\\nLABEL v=[$X]|X=cli|[cli]",
        "stage default|FROM base\\nARG X=def\\nLABEL v=[$X]||[def]",
        "build-arg beats stage default|FROM base\\nARG X=def\\nLABEL v=[$X]|X=cli|[cli]",
        "undeclared build-arg invisible|FROM base\\nLABEL v=[$X]|X=cli|[]",
        "declared without value is empty|FROM base\\nARG X\\nLABEL v=[$X]||[]",
        "ENV wins over ARG|FROM base\\nARG X=arg\\nENV X=env\\nLABEL v=[$X]|X=cli|[env]",
        "use before declaration is empty|FROM base\\nLABEL v=[$X]\\nARG X=late||[]",
        "scope ends with the stage|FROM base AS one\\nARG X=one\\nFROM base\\nLABEL v=[$X]||[]",
        "default expands earlier ARG|FROM base\\nARG A=a\\nARG B=${A}b\\nLABEL v=[$B]||[ab]",
        "meta arg in FROM|ARG IMG=base\\nFROM $IMG\\nLABEL v=[ok]||[ok]",
        "platform arg declared|FROM base\\nARG TARGETOS\\nLABEL v=[$TARGETOS]||[linux]",
        "proxy arg not visible to LABEL|FROM base\\nLABEL v=[$HTTP_PROXY]|HTTP_PROXY=http://p|[]",
    })
    void labelSeesTheArg(String name, String dockerfile, String buildArg, String expected) throws Exception {
        BuildFixture f = new BuildFixture(tmp);
        f.dockerfile(dockerfile.replace("\\n", "\n") + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("-t", "a"));
        if (buildArg != null) {
            args.add("--build-arg");
            args.add(buildArg);
        }
        CliRunner.Result r = f.build(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertEquals(expected, f.image("a").config().config().labels().get("v"));
        if (name.startsWith("undeclared")) {
            assertTrue(r.out().contains("[Warning] One or more build-args [X] were not consumed"), r.out());
        }
    }
}
