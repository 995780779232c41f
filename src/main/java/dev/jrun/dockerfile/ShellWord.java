package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One run of {@link ShellLex} over one input: a code-point scanner plus the expansion rules. */
final class ShellWord {
    private static final int EOF = -1;

    private final ShellLex lex;
    private final String source;
    private final int[] in;
    private final EnvGetter env;
    private int pos;
    private boolean rawEscapes;
    private final Set<String> matched = new LinkedHashSet<>();
    private final Set<String> unmatched = new LinkedHashSet<>();

    private record Piece(String result, List<String> words) {
    }

    ShellWord(ShellLex lex, String source, EnvGetter env) {
        this.lex = lex;
        this.source = source;
        this.in = source.codePoints().toArray();
        this.env = env;
        this.rawEscapes = lex.rawEscapes();
    }

    ShellLex.Result run() {
        try {
            Piece p = processStopOn(EOF, rawEscapes);
            return new ShellLex.Result(p.result, p.words, matched, unmatched);
        } catch (IllegalArgumentException f) {
            throw new ShellExpansionException(source, f.getMessage());
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : EOF;
    }

    private int next() {
        return pos < in.length ? in[pos++] : EOF;
    }

    private Piece processStopOn(int stopChar, boolean raw) {
        StringBuilder result = new StringBuilder();
        WordSplitter words = new WordSplitter();
        boolean saved = rawEscapes;
        rawEscapes = raw;
        try {
            while (peek() != EOF) {
                int ch = peek();
                if (stopChar != EOF && ch == stopChar) {
                    next();
                    return new Piece(result.toString(), words.get());
                }
                if (ch == '$' || ch == '<' || (!lex.skipProcessQuotes() && (ch == '\'' || ch == '"'))) {
                    String tmp = switch (ch) {
                        case '$' -> processDollar();
                        case '<' -> processPossibleHeredoc();
                        case '\'' -> processSingleQuote();
                        default -> processDoubleQuote();
                    };
                    result.append(tmp);
                    if (ch == '$') {
                        words.addString(tmp);
                    } else {
                        words.addRawString(tmp);
                    }
                    continue;
                }
                ch = next();
                if (ch == lex.escapeToken()) {
                    if (rawEscapes) {
                        words.addRawChar(ch);
                        result.appendCodePoint(ch);
                    }
                    ch = next();
                    if (ch == EOF) {
                        break;
                    }
                    words.addRawChar(ch);
                } else {
                    words.addChar(ch);
                }
                result.appendCodePoint(ch);
            }
            if (stopChar != EOF) {
                throw new IllegalArgumentException("unexpected end of statement while looking for matching "
                        + new String(Character.toChars(stopChar)));
            }
            return new Piece(result.toString(), words.get());
        } finally {
            rawEscapes = saved;
        }
    }

    private String processSingleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (lex.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (lex.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDoubleQuote() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (lex.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            int p = peek();
            if (p == EOF) {
                throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
            }
            if (p == '"') {
                ch = next();
                if (lex.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            if (p == '$') {
                result.append(processDollar());
                continue;
            }
            ch = next();
            if (ch == lex.escapeToken()) {
                if (rawEscapes) {
                    result.appendCodePoint(ch);
                }
                int after = peek();
                if (after == EOF) {
                    continue; // an escape right before the end is dropped
                }
                if (after == '"' || after == '$' || after == lex.escapeToken()) {
                    ch = next();
                }
            }
            result.appendCodePoint(ch);
        }
    }

    private String processDollar() {
        next(); // '$'
        if (peek() != '{') {
            String name = processName();
            if (name.isEmpty()) {
                return "$";
            }
            String value = getEnv(name);
            if (value == null && lex.skipUnsetEnv()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next(); // '{'
        int p = peek();
        if (p == EOF) {
            throw new IllegalArgumentException("syntax error: missing '}'");
        }
        if (p == '{' || p == '}' || p == ':') {
            throw new IllegalArgumentException("syntax error: bad substitution");
        }
        String name = processName();
        int ch = next();
        String chs = cpString(ch);
        if (ch == '}') {
            String value = getEnv(name);
            if (value == null && lex.skipUnsetEnv()) {
                return "${" + name + "}";
            }
            return value == null ? "" : value;
        }
        if (ch == '/') {
            return ShellPatterns.substitute(this, name);
        }
        boolean nullIsUnset = false;
        if (ch == ':') {
            nullIsUnset = true;
            ch = next();
            chs += cpString(ch);
        } else if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%') {
            throw new IllegalArgumentException("unsupported modifier (" + chs + ") in substitution");
        }
        boolean rawMod = ch == '#' || ch == '%';
        if (nullIsUnset && rawMod) {
            throw new IllegalArgumentException("unsupported modifier (" + chs + ") in substitution");
        }
        String word = stopOnOrMissing('}', rawMod, "syntax error: missing '}'");
        String value = getEnv(name);
        if (value == null && lex.skipUnsetEnv()) {
            return "${" + name + chs + word + "}";
        }
        return ShellPatterns.applyModifier(ch, chs, name, word, value, nullIsUnset); // IAE on failure
    }

    /** Reads up to {@code stop}; at end of input reports {@code missing} instead of the inner error. */
    String stopOnOrMissing(int stop, boolean raw, String missing) {
        try {
            return processStopOn(stop, raw).result();
        } catch (IllegalArgumentException f) {
            if (peek() == EOF) {
                throw new IllegalArgumentException(missing);
            }
            throw f;
        }
    }

    /** Consumes one character if it equals {@code ch}. */
    boolean consumeIf(int ch) {
        if (peek() == ch) {
            next();
            return true;
        }
        return false;
    }

    boolean skipUnsetEnv() {
        return lex.skipUnsetEnv();
    }

    /** Failures inside a word are IllegalArgumentExceptions; {@link #run()} rethrows them typed. */
    static RuntimeException fail(String message) {
        return new IllegalArgumentException(message);
    }

    private static String cpString(int ch) {
        return ch == EOF ? "\uFFFD" : new String(Character.toChars(ch));
    }

    private String processName() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.length() == 0 && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.length() == 0 && isSpecialParam(ch)) {
                return cpString(next());
            }
            if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    private String processPossibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder b = new StringBuilder("<<");
        while (peek() == '\t' || peek() == '\r' || peek() == ' ') {
            b.appendCodePoint(next());
        }
        return b.toString();
    }

    private static boolean isSpecialParam(int ch) {
        return ch == '@' || ch == '*' || ch == '#' || ch == '?' || ch == '-' || ch == '$' || ch == '!' || ch == '0';
    }

    String getEnv(String name) {
        String v = env.get(name);
        if (v != null) {
            matched.add(name);
        } else {
            unmatched.add(name);
        }
        return v;
    }
}
