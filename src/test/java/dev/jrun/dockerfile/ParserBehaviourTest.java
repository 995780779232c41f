package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parser behaviour beyond the buildkit dump files: directives, warnings, errors, flags. */
class ParserBehaviourTest {

    @Test
    void directivesAtTheTopAreCollected() {
        ParseResult r = Parser.parse("Dockerfile",
                "# syntax=docker/dockerfile:1\n#check=skip=all\n# escape=`\nFROM a\nRUN x `\n  y\n");
        assertEquals(List.of(new ParseResult.Directive("syntax", "docker/dockerfile:1", 1),
                new ParseResult.Directive("check", "skip=all", 2), new ParseResult.Directive("escape", "`", 3)),
                r.directives());
        assertEquals('`', r.escapeToken());
        assertEquals("(from \"a\")\n(run \"x   y\")", r.dump());
    }

    @Test
    void directiveAfterAnInstructionOrBlankLineIsAComment() {
        ParseResult r = Parser.parse("Dockerfile", "\n# escape=`\nFROM a\n# escape=`\nRUN x \\\n y\n");
        assertEquals(List.of(), r.directives());
        assertEquals('\\', r.escapeToken());
        assertEquals("(from \"a\")\n(run \"x  y\")", r.dump());
    }

    @Test
    void unknownDirectiveEndsTheDirectiveBlock() {
        ParseResult r = Parser.parse("Dockerfile", "# foo=bar\n# escape=`\nFROM a\n");
        assertEquals(List.of(), r.directives());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "# escape=x|invalid escape token 'x' does not match ` or \\",
        "# syntax=a\\n# syntax=b|only one syntax parser directive can be used"})
    void badDirectives(String header, String reason) {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Parser.parse("Dockerfile", header.replace("\\n", "\n") + "\nFROM a\n"));
        assertEquals(reason, e.reason());
    }

    @Test
    void emptyContinuationLinesWarn() {
        ParseResult r = Parser.parse("Dockerfile", "FROM a\nRUN one \\\n\n  two\nRUN three \\\n# comment\n four\n");
        assertEquals(1, r.warnings().size());
        assertEquals("Empty continuation line found in: RUN one   two", r.warnings().get(0).message());
        assertEquals(4, r.warnings().get(0).line());
        assertEquals("(from \"a\")\n(run \"one   two\")\n(run \"three  four\")", r.dump());
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertEquals("(from \"a\")", Parser.parse("Dockerfile", "\uFEFFFROM a\n").dump());
    }

    @Test
    void commentsAboveAnInstructionAreKept() {
        ParseResult r = Parser.parse("Dockerfile", "# the base\n# image\nFROM a\n\n#\nRUN b\n");
        assertEquals(List.of("the base", "image"), r.instructions().get(0).comments());
        assertEquals(List.of(), r.instructions().get(1).comments());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "COPY --from=build --chown=1:2 --chmod=755 --link a /b|(copy [\"--from=build\" \"--chown=1:2\" \"--chmod=755\" \"--link\"] \"a\" \"/b\")",
        "RUN --mount=type=cache,target=/c --network=none make|(run [\"--mount=type=cache,target=/c\" \"--network=none\"] \"make\")",
        "ADD --checksum=sha256:ab --keep-git-dir=true --exclude=*.md x /y|(add [\"--checksum=sha256:ab\" \"--keep-git-dir=true\" \"--exclude=*.md\"] \"x\" \"/y\")",
        "FROM --platform=$BUILDPLATFORM a AS b|(from [\"--platform=$BUILDPLATFORM\"] \"a\" \"AS\" \"b\")",
        "COPY --chown=\"a b\" x y|(copy [\"--chown=a b\"] \"x\" \"y\")",
        "RUN --security=insecure -- --not-a-flag|(run [\"--security=insecure\"] \"--not-a-flag\")",
        "ONBUILD RUN echo hi|(onbuild (run \"echo hi\"))",
        "HEALTHCHECK NONE|(healthcheck \"NONE\")",
        "MAINTAINER Jane <j@x>|(maintainer \"Jane <j@x>\")",
        "LABEL \"a b\"=\"c d\" e=f|(label \"\\\"a b\\\"\" \"\\\"c d\\\"\" \"=\" \"e\" \"f\" \"=\")",
        "STOPSIGNAL SIGKILL|(stopsignal \"SIGKILL\")",
        "CMD [\"a\", 1]|ERROR",
        "SHELL [\"/bin/bash\", \"-c\"]|(shell \"/bin/bash\" \"-c\")",
        "ENV \\u00e9t\\u00e9 hot|(env \"\\u00e9t\\u00e9\" \"hot\" \"\")"})
    void dumps(String line, String expected) {
        String l = line.replace("\\u00e9", "\u00e9");
        if (expected.equals("ERROR")) {
            DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class, () -> Parser.parse("Dockerfile", l));
            assertEquals(JsonForm.NOT_STRING_ARRAY, e.reason());
            return;
        }
        assertEquals(expected.replace("\\u00e9", "\u00e9"), Parser.parse("Dockerfile", l).dump());
    }

    @Test
    void unknownInstructionParsesRawButFailsTyped() {
        String text = "FROM a\n\n\n\n\n\nFOOBAR x\n";
        assertEquals("(from \"a\")\n(foobar \"\")", Parser.parse("Dockerfile", text).dump());
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Dockerfile.parse("Dockerfile", text));
        assertEquals("Dockerfile:7:1: unknown instruction: FOOBAR\n  7 | FOOBAR x", e.getMessage());
        assertEquals(7, e.line());
        assertEquals(1, e.column());
        assertEquals(1, e.exitCode());
    }

    @Test
    void errorShowsEveryLineOfAContinuedInstructionAndItsColumn() {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Parser.parse("build.Dockerfile", "FROM a\n  ENV \\\n    PATH\n"));
        assertEquals("build.Dockerfile:2:3: ENV must have two arguments\n  2 |   ENV \\\n  3 |     PATH", e.getMessage());
    }

    @Test
    void fileWithoutInstructions() {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Parser.parse("Dockerfile", "# only\n\n"));
        assertEquals("Dockerfile: file with no instructions", e.getMessage());
    }

    @Test
    void goQuoteEscapes() {
        assertEquals("\"a\\x01\\x7f\\u00ad\\\"\\\\\\a\\v\u2603\"", GoText.quote("a\u0001\u007f\u00ad\"\\\u0007\u000b\u2603"));
    }

    @Test
    void cleanPathLikeGo() {
        assertEquals(List.of(".", "/", "a/b", "../a", "/a", "a"),
                List.of(GoText.cleanPath(""), GoText.cleanPath("//"), GoText.cleanPath("./a//b/"),
                        GoText.cleanPath("../a"), GoText.cleanPath("/../a"), GoText.cleanPath("a/b/..")));
    }

    @Test
    void stringsTrimmedFromWordsKeepQuotes() {
        assertTrue(LineParsers.words("a 'b c' \"d\\\" e\"", '\\').containsAll(List.of("a", "'b c'", "\"d\\\" e\"")));
    }
}
