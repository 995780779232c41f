package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lexer options the parser and builder use, beyond buildkit's tables. */
class ShellLexOptionsTest {
    private static final EnvGetter ENV = EnvGetter.of(Map.of("A", "x y", "E", ""));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "a`$A|a$A", "a\\b|a\\b", "\"q`\"q\"|q\"q", "C:\\dir\\$A|C:\\dir\\x y"})
    void backtickEscape(String in, String out) {
        assertEquals(out, ShellLex.of('`').processWord(in, ENV));
    }

    @Test
    void skipUnsetEnvLeavesUnsetReferences() {
        ShellLex lex = ShellLex.of('\\').withSkipUnsetEnv(true);
        assertEquals("$X ${Y} ${Z:-d} x y ${Q/a/b}", lex.processWord("$X ${Y} ${Z:-d} $A ${Q/a/b}", ENV));
    }

    @Test
    void rawQuotesAndEscapesKeepText() {
        ShellLex lex = ShellLex.of('\\').withRawQuotes(true).withRawEscapes(true);
        assertEquals("'a b'\"c\\\"\"\\ d", lex.processWord("'a b'\"c\\\"\"\\ d", ENV));
        assertEquals("'x y'", ShellLex.of('\\').withSkipProcessQuotes(true).processWord("'$A'", ENV));
    }

    @Test
    void wordsSplitExpansionsButNotQuotes() {
        ShellLex lex = ShellLex.of('\\');
        assertEquals(List.of("1", "x", "y", "x y"), lex.processWords("1 $A \"$A\"", ENV));
        assertEquals(List.of("helloa", "b"), lex.processWords("hello${U:-a b}", ENV));
        assertEquals(List.of("cat", "<<EOF", ">", "f"), lex.processWords("cat <<EOF > f", ENV));
    }

    @Test
    void matchesTrackSetAndUnsetNames() {
        ShellLex.Result r = ShellLex.of('\\').processWordWithMatches("$A ${E:-e} ${U:+u} ${A%% *}", ENV);
        assertEquals("x y e  x", r.result());
        assertEquals(Set.of("A", "E"), r.matched());
        assertEquals(Set.of("U"), r.unmatched());
    }

    @Test
    void errorMessagesNameTheWordAndReason() {
        ShellExpansionException e = assertThrows(ShellExpansionException.class,
                () -> ShellLex.of('\\').processWord("${NOPE:?set NOPE first}", ENV));
        assertEquals("NOPE: set NOPE first", e.reason());
        assertEquals("failed to process \"${NOPE:?set NOPE first}\": NOPE: set NOPE first", e.getMessage());
        assertEquals(1, e.exitCode());
    }

    @Test
    void replaceAllLikeGo() {
        EnvGetter env = EnvGetter.of(Map.of("V", "baaac"));
        ShellLex lex = ShellLex.of('\\');
        assertEquals("bXXXc", lex.processWord("${V//a/X}", env));
        assertEquals("bXaac", lex.processWord("${V/a/X}", env));
        // $0 in the replacement is expanded by the lexer first (an unset special parameter) ...
        assertEquals("b[]", lex.processWord("${V//a*c/[$0]}", env));
        // ... but an escaped one reaches Go's template expansion, where $0 is the match
        assertEquals("b[\\aaac]", lex.processWord("${V//a*c/[\\$0]}", env));
        // an empty pattern matches between all characters, as Go's ReplaceAllString
        assertEquals("-a-b-c-", lex.processWord("${V///-}", EnvGetter.of(Map.of("V", "abc"))));
    }
}
