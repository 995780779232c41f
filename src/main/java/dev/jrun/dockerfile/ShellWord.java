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

    /** A failure inside the word; turned into a {@link ShellExpansionException} at the top. */
    private static final class Fail extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fail(String message) {
            super(message, null, false, false);
        }
    }

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
        } catch (Fail f) {
            throw new ShellExpansionException(source, f.getMessage());
        }
    }

    private int peek() {
        return pos < in.length ? in[pos] : EOF;
    }

    private int next() {
        return pos < in.length ? in[pos++] : EOF;
    }

    /** Word splitting state: unquoted white space separates words. */
    private static final class Words {
        private final StringBuilder buf = new StringBuilder();
        private final List<String> words = new ArrayList<>();
        private boolean inWord;

        void addChar(int ch) {
            if (GoText.isSpace(ch)) {
                if (inWord && buf.length() != 0) {
                    words.add(buf.toString());
                    buf.setLength(0);
                    inWord = false;
                }
            } else {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            buf.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRawString(String s) {
            buf.append(s);
            inWord = true;
        }

        List<String> get() {
            if (buf.length() > 0) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
            return words;
        }
    }

    private Piece processStopOn(int stopChar, boolean raw) {
        StringBuilder result = new StringBuilder();
        Words words = new Words();
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
                throw new Fail("unexpected end of statement while looking for matching "
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
                throw new Fail("unexpected end of statement while looking for matching single-quote");
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
                throw new Fail("unexpected end of statement while looking for matching double-quote");
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
            throw new Fail("syntax error: missing '}'");
        }
        if (p == '{' || p == '}' || p == ':') {
            throw new Fail("syntax error: bad substitution");
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
            throw new Fail("unsupported modifier (" + chs + ") in substitution");
        }
        boolean rawMod = ch == '#' || ch == '%';
        if (nullIsUnset && rawMod) {
            throw new Fail("unsupported modifier (" + chs + ") in substitution");
        }
        String word = stopOnOrMissing('}', rawMod, "syntax error: missing '}'");
        String value = getEnv(name);
        boolean set = value != null;
        if (!set && lex.skipUnsetEnv()) {
            return "${" + name + chs + word + "}";
        }
        boolean empty = !set || (nullIsUnset && value.isEmpty());
        switch (ch) {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? "" : word;
            case '?':
                if (!set) {
                    throw new Fail(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (nullIsUnset && value.isEmpty()) {
                    throw new Fail(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                return value;
            case '%':
            case '#':
                boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
                String pattern = greedy ? word.substring(1) : word;
                try {
                    return ch == '%' ? ShellPatterns.trimSuffix(pattern, value, greedy)
                            : ShellPatterns.trimPrefix(pattern, value, greedy);
                } catch (IllegalArgumentException e) {
                    throw new Fail(e.getMessage());
                }
            default:
                throw new Fail("unsupported modifier (" + chs + ") in substitution");
        }
    }

    /** Reads up to {@code stop}; at end of input reports {@code missing} instead of the inner error. */
    String stopOnOrMissing(int stop, boolean raw, String missing) {
        try {
            return processStopOn(stop, raw).result();
        } catch (Fail f) {
            if (peek() == EOF) {
                throw new Fail(missing);
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

    static RuntimeException fail(String message) {
        return new Fail(message);
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
