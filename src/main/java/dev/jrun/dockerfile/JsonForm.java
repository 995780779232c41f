package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the exec (JSON array) form as Go's {@code encoding/json} does. Three outcomes, as in
 * buildkit: a list of strings; {@link NotJson} (not valid JSON, so the caller falls back to shell
 * form); or {@link DockerfileSyntaxException.Reason} for valid JSON with a non-string element,
 * which is an error.
 */
final class JsonForm {
    /** The text is not a valid JSON array: buildkit then treats the line as shell form. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson() {
            super(null, null, false, false);
        }
    }

    static final String NOT_STRING_ARRAY =
            "when using JSON array syntax, arrays must be comprised of strings only";

    private final String s;
    private int pos;

    private JsonForm(String s) {
        this.s = s;
    }

    /** Parses {@code rest} (leading white space allowed) as a JSON array of strings. */
    static List<String> parse(String rest) throws NotJson {
        String text = GoText.trimLeftSpace(rest);
        if (!text.startsWith("[")) {
            throw new NotJson();
        }
        JsonForm p = new JsonForm(text);
        List<Object> array = new ArrayList<>();
        p.skipWs();
        p.readArray(array);
        p.skipWs();
        if (p.pos != text.length()) {
            throw new NotJson();
        }
        List<String> out = new ArrayList<>();
        for (Object o : array) {
            if (!(o instanceof String str)) {
                throw new DockerfileSyntaxException.Reason(NOT_STRING_ARRAY);
            }
            out.add(str);
        }
        return out;
    }

    private void skipWs() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() throws NotJson {
        if (pos >= s.length()) {
            throw new NotJson();
        }
        return s.charAt(pos);
    }

    private Object readValue() throws NotJson {
        char c = peek();
        switch (c) {
            case '[' -> {
                List<Object> a = new ArrayList<>();
                readArray(a);
                return a;
            }
            case '{' -> {
                readObject();
                return new Object();
            }
            case '"' -> {
                return readString();
            }
            case 't' -> {
                return literal("true");
            }
            case 'f' -> {
                return literal("false");
            }
            case 'n' -> {
                literal("null");
                return new Object();
            }
            default -> {
                readNumber();
                return 0;
            }
        }
    }

    private void readArray(List<Object> into) throws NotJson {
        pos++; // '['
        skipWs();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            into.add(readValue());
            skipWs();
            char c = peek();
            pos++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw new NotJson();
            }
        }
    }

    private void readObject() throws NotJson {
        pos++; // '{'
        skipWs();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            skipWs();
            if (peek() != '"') {
                throw new NotJson();
            }
            readString();
            skipWs();
            if (peek() != ':') {
                throw new NotJson();
            }
            pos++;
            skipWs();
            readValue();
            skipWs();
            char c = peek();
            pos++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new NotJson();
            }
        }
    }

    private Object literal(String word) throws NotJson {
        if (!s.startsWith(word, pos)) {
            throw new NotJson();
        }
        pos += word.length();
        return Boolean.valueOf(word);
    }

    private void readNumber() throws NotJson {
        int start = pos;
        if (pos < s.length() && s.charAt(pos) == '-') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '0') {
            pos++;
        } else if (!digits()) {
            throw new NotJson();
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (!digits()) {
                throw new NotJson();
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (!digits()) {
                throw new NotJson();
            }
        }
        if (pos == start) {
            throw new NotJson();
        }
    }

    private boolean digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos > start;
    }

    private String readString() throws NotJson {
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return b.toString();
            }
            if (c < 0x20) {
                throw new NotJson();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = peek();
            pos++;
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(readUnicodeEscape());
                default -> throw new NotJson();
            }
        }
    }

    /** One \\uXXXX escape, pairing surrogates; a lone surrogate becomes U+FFFD as in Go. */
    private String readUnicodeEscape() throws NotJson {
        char hi = hex4();
        if (!Character.isSurrogate(hi)) {
            return String.valueOf(hi);
        }
        if (Character.isHighSurrogate(hi) && s.startsWith("\\u", pos)) {
            int save = pos;
            pos += 2;
            char lo = hex4();
            if (Character.isLowSurrogate(lo)) {
                return new String(new char[] {hi, lo});
            }
            pos = save;
        }
        return "\uFFFD";
    }

    private char hex4() throws NotJson {
        if (pos + 4 > s.length()) {
            throw new NotJson();
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = s.charAt(pos + i);
            int d = h < 0x80 ? Character.digit(h, 16) : -1;
            if (d < 0) {
                throw new NotJson();
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }
}
