package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Heredocs: markers, bodies, chomping, quoting, several per line, line numbers. */
class HeredocParsingTest {

    private static List<Heredoc> docsOf(String dockerfile, int instruction) {
        return Parser.parse("Dockerfile", dockerfile).instructions().get(instruction).heredocs();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("plain", "FROM a\nRUN <<END\nls\n  pwd\nEND\n",
                        List.of(new Heredoc("END", 0, true, false, "ls\n  pwd\n"))),
                Arguments.of("empty body", "FROM a\nRUN <<NOTHING\nNOTHING\n",
                        List.of(new Heredoc("NOTHING", 0, true, false, ""))),
                Arguments.of("fd prefix", "FROM a\nRUN 4<<IN\nx\nIN\n",
                        List.of(new Heredoc("IN", 4, true, false, "x\n"))),
                Arguments.of("dash keeps tabs in content, terminator may be indented",
                        "FROM a\nRUN <<-T\n\tone\n\t\ttwo\n\tT\n",
                        List.of(new Heredoc("T", 0, true, true, "\tone\n\t\ttwo\n"))),
                Arguments.of("single-quoted delimiter disables expansion", "FROM a\nRUN <<'Q'\necho $HOME\nQ\n",
                        List.of(new Heredoc("Q", 0, false, false, "echo $HOME\n"))),
                Arguments.of("partly quoted delimiter", "FROM a\nRUN <<E\"N\"D\nx\nEND\n",
                        List.of(new Heredoc("END", 0, false, false, "x\n"))),
                Arguments.of("escaped quote is not quoting", "FROM a\nRUN <<it\\'s\nx\nit's\n",
                        List.of(new Heredoc("it's", 0, true, false, "x\n"))),
                Arguments.of("space after <<", "FROM a\nRUN <<   SP > /out\nx\nSP\n",
                        List.of(new Heredoc("SP", 0, true, false, "x\n"))),
                Arguments.of("two on one COPY line, in order", "FROM a\nCOPY <<A <<B /dst/\nfirst\nA\nsecond\nB\n",
                        List.of(new Heredoc("A", 0, true, false, "first\n"),
                                new Heredoc("B", 0, true, false, "second\n"))),
                Arguments.of("terminator text of the other doc is content", "FROM a\nCOPY <<A <<B /d\nB\nA\nA\nB\n",
                        List.of(new Heredoc("A", 0, true, false, "B\n"), new Heredoc("B", 0, true, false, "A\n"))),
                Arguments.of("comment lines inside are content", "FROM a\nRUN <<S\n# not a comment\nS\n",
                        List.of(new Heredoc("S", 0, true, false, "# not a comment\n"))),
                Arguments.of("with flags before", "FROM a\nRUN --mount=type=cache,target=/c <<S\nx\nS\n",
                        List.of(new Heredoc("S", 0, true, false, "x\n"))),
                Arguments.of("CRLF lines", "FROM a\r\nRUN <<S\r\nx\r\nS\r\n",
                        List.of(new Heredoc("S", 0, true, false, "x\r\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void readsBodies(String name, String dockerfile, List<Heredoc> expected) {
        assertEquals(expected, docsOf(dockerfile, 1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RUN [\"<<EOF\"]", "RUN echo '<<EOF'", "RUN echo \"<<EOF\"", "USER <<EOF", "RUN cat x<<EOF"})
    void noHeredoc(String line) {
        // Without a heredoc the next line is an instruction of its own.
        ParseResult r = Parser.parse("Dockerfile", "FROM a\n" + line + "\nEOF\n");
        assertEquals(List.of(), r.instructions().get(1).heredocs());
        assertEquals(3, r.instructions().size());
    }

    @Test
    void lineRangeCoversTheBody() {
        ParseResult r = Parser.parse("Dockerfile", "FROM a\nRUN <<X\n1\n2\nX\nCMD b\n");
        assertEquals(List.of(2, 5), List.of(r.instructions().get(1).startLine(), r.instructions().get(1).endLine()));
        assertEquals(6, r.instructions().get(2).startLine());
        assertEquals("(from \"a\")\n(run \"<<X\")\n(cmd \"b\")", r.dump());
    }

    @Test
    void unterminatedHeredocIsAnErrorAtItsLines() {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Parser.parse("Dockerfile", "FROM a\nRUN <<X\nnever ends\n"));
        assertEquals(2, e.line());
        assertEquals(3, e.endLine());
        assertTrue(e.getMessage().startsWith("Dockerfile:2:1: unterminated heredoc\n  2 | RUN <<X\n  3 | never ends"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<<EOF", "<<'EOF'", "<<\"EOF\"", "<<-EOF", "<<-'EOF'", "<<EO\"F\"", "<< EOF", "<<- EOF"})
    void markersNamingEof(String word) {
        assertEquals("EOF", Heredocs.parse(word).name());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "EOF", "<<", "<<-", "<EOF", "<<<EOF", "<<EOF sh"})
    void notMarkers(String word) {
        assertNull(Heredocs.parse(word));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""})
    void unbalancedQuotesInMarker(String word) {
        assertThrows(DockerfileSyntaxException.Reason.class, () -> Heredocs.parse(word));
    }

    @Test
    void copyHeredocSourcesAreTypedAndChomped() {
        Dockerfile df = Dockerfile.parse("Dockerfile", "FROM a\nCOPY <<-one <<two f /d/\n\tx\none\n\ty\ntwo\n");
        Instruction.Copy c = (Instruction.Copy) df.lastStage().instructions().get(0);
        assertEquals(List.of("f"), c.sources());
        assertEquals("/d/", c.destination());
        assertEquals(List.of(new Heredoc("one", 0, true, true, "x\n"), new Heredoc("two", 0, true, false, "\ty\n")),
                c.inline());
    }

    @Test
    void onbuildRunHeredocKeepsBodyInExpression() {
        Dockerfile df = Dockerfile.parse("Dockerfile", "FROM a\nONBUILD RUN <<S\necho hi\nS\n");
        Instruction.Onbuild o = (Instruction.Onbuild) df.lastStage().instructions().get(0);
        assertEquals("RUN <<S\necho hi\nS", o.expression());
        Instruction.Run trigger = (Instruction.Run) o.trigger();
        assertEquals(List.of(new Heredoc("S", 0, true, false, "echo hi\n")), trigger.heredocs());
    }

    @Test
    void heredocAsCopyDestinationIsRejected() {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Dockerfile.parse("Dockerfile", "FROM a\nCOPY x <<EOF\nbody\nEOF\n"));
        assertTrue(e.reason().contains("COPY cannot accept a heredoc as a destination"), e.getMessage());
    }
}
