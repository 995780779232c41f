package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds heredoc markers ({@code <<EOF}, {@code <<-EOF}, {@code 3<<'EOF'}, {@code << EOF}) in an
 * instruction line, as buildkit does: the line is split into words with quotes and escapes kept,
 * and each word of the form {@code [n]<<[-]WORD} names one heredoc. A quoted delimiter (any part)
 * turns expansion of the body off.
 */
public final class Heredocs {
    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)[\\t\\n\\f\\r ]*([^<]*)\\z");
    private static final ShellLex LINE_LEX = ShellLex.of('\\').withRawQuotes(true).withRawEscapes(true)
            .withSkipUnsetEnv(true);
    private static final ShellLex WORD_LEX = ShellLex.of('\\').withSkipUnsetEnv(true);

    private Heredocs() {
    }

    /** The heredocs a line introduces, in order, with empty content (the parser fills it). */
    static List<Heredoc> fromLine(String line) {
        List<String> words;
        try {
            words = LINE_LEX.processWords(line, EnvGetter.empty());
        } catch (ShellExpansionException e) {
            words = List.of();
        }
        List<Heredoc> docs = new ArrayList<>();
        for (String word : words) {
            Heredoc doc = parse(word);
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /**
     * Parses one word as a heredoc marker: null when it is not one ({@code <<EOF sh}, {@code <EOF}).
     *
     * @throws DockerfileSyntaxException.Reason for an unbalanced quote in the delimiter
     */
    public static Heredoc parse(String word) {
        Matcher m = MARKER.matcher(word);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(3);
        if (rest.isEmpty()) {
            return null;
        }
        int fd = m.group(1).isEmpty() ? 0 : parseFd(m.group(1));
        boolean chomp = m.group(2).equals("-");
        List<String> words;
        List<String> rawWords;
        try {
            words = WORD_LEX.processWords(rest, EnvGetter.empty());
            if (words.size() != 1) {
                return null;
            }
            rawWords = WORD_LEX.withRawQuotes(true).processWords(rest, EnvGetter.empty());
        } catch (ShellExpansionException e) {
            throw new DockerfileSyntaxException.Reason(e.getMessage());
        }
        if (rawWords.size() != words.size()) {
            throw new DockerfileSyntaxException.Reason(
                    "internal lexing of heredoc produced inconsistent results: " + rest);
        }
        String name = words.get(0);
        boolean expand = quotes(name) == quotes(rawWords.get(0));
        return new Heredoc(name, fd, expand, chomp, "");
    }

    private static int parseFd(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long quotes(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}
