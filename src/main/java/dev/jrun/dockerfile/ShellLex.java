package dev.jrun.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * Shell-like word processing of Dockerfile arguments, as buildkit's {@code shell.Lex}: quote
 * removal, the escape token, {@code $VAR} and {@code ${VAR...}} expansion with the modifiers
 * {@code :- - :+ + :? ? # ## % %% / //}, and word splitting. Immutable; the {@code with*} methods
 * return a changed copy.
 *
 * @param escapeToken {@code \} or {@code `}
 * @param rawQuotes keep quote characters in the output
 * @param rawEscapes keep escape tokens in the output
 * @param skipProcessQuotes treat quotes as ordinary characters
 * @param skipUnsetEnv leave references to unset variables as written
 */
public record ShellLex(char escapeToken, boolean rawQuotes, boolean rawEscapes, boolean skipProcessQuotes,
        boolean skipUnsetEnv) {

    /** The outcome of one expansion. */
    public record Result(String result, List<String> words, Set<String> matched, Set<String> unmatched) {
        public Result {
            words = List.copyOf(words);
            matched = Set.copyOf(matched);
            unmatched = Set.copyOf(unmatched);
        }
    }

    public ShellLex {
        if (escapeToken != '\\' && escapeToken != '`') {
            throw new IllegalArgumentException("escape token must be \\ or `, not " + escapeToken);
        }
    }

    /** A lexer with the given escape token and all options off. */
    public static ShellLex of(char escapeToken) {
        return new ShellLex(escapeToken, false, false, false, false);
    }

    public ShellLex withRawQuotes(boolean on) {
        return new ShellLex(escapeToken, on, rawEscapes, skipProcessQuotes, skipUnsetEnv);
    }

    public ShellLex withRawEscapes(boolean on) {
        return new ShellLex(escapeToken, rawQuotes, on, skipProcessQuotes, skipUnsetEnv);
    }

    public ShellLex withSkipProcessQuotes(boolean on) {
        return new ShellLex(escapeToken, rawQuotes, rawEscapes, on, skipUnsetEnv);
    }

    public ShellLex withSkipUnsetEnv(boolean on) {
        return new ShellLex(escapeToken, rawQuotes, rawEscapes, skipProcessQuotes, on);
    }

    /**
     * Expands {@code word} as one word (spaces between words kept).
     *
     * @throws ShellExpansionException on unbalanced quotes, bad substitutions, or {@code ${X?msg}}
     */
    public String processWord(String word, EnvGetter env) {
        return processWordWithMatches(word, env).result();
    }

    /** Expands {@code word} and splits the result into words; quoted parts are not split. */
    public List<String> processWords(String word, EnvGetter env) {
        return new ShellWord(this, word, env).run().words();
    }

    /**
     * Expands {@code word} as one word and reports which variables it referenced that were set
     * ({@code matched}) or unset ({@code unmatched}), for cache keys and lint.
     */
    public Result processWordWithMatches(String word, EnvGetter env) {
        return new ShellWord(this, word, env).run();
    }
}
