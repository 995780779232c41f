package dev.jrun.dockerfile;

import java.util.regex.Pattern;

/**
 * One .dockerignore pattern, matched as moby's {@code patternmatcher.Pattern}: {@code *} is any
 * run of characters except {@code /}, {@code ?} one such character, {@code **} any number of
 * directories, {@code [...]} a class, {@code \} escapes. Matches whole cleaned relative paths.
 *
 * @param text the cleaned pattern without its {@code !}
 * @param exclusion true for {@code !pattern}: it re-includes what earlier patterns excluded
 */
record IgnorePattern(String text, boolean exclusion, Kind kind, Pattern regex) {
    enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

    /** Compiles {@code text}; IllegalArgumentException if Go's filepath.Match would call it malformed. */
    static IgnorePattern compile(String text, boolean exclusion) {
        validate(text);
        StringBuilder re = new StringBuilder("^");
        Kind kind = Kind.EXACT;
        int[] cps = text.codePoints().toArray();
        boolean inClass = false;
        for (int i = 0, iteration = 0; i < cps.length; i++, iteration++) {
            int ch = cps[i];
            if (ch == '*' && !inClass) {
                if (i + 1 < cps.length && cps[i + 1] == '*') {
                    i++;
                    if (i + 1 < cps.length && cps[i + 1] == '/') {
                        i++;
                    }
                    if (i + 1 >= cps.length) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            re.append("[^\\n]*");
                            kind = Kind.REGEX;
                        }
                    } else {
                        re.append("([^\\n]*/)?");
                        kind = Kind.REGEX;
                    }
                    if (iteration == 0) {
                        kind = Kind.SUFFIX;
                    }
                } else {
                    re.append("[^/]*");
                    kind = Kind.REGEX;
                }
            } else if (ch == '?' && !inClass) {
                re.append("[^/]");
                kind = Kind.REGEX;
            } else if (ch == '\\') {
                if (i + 1 < cps.length) {
                    re.append(quote(cps[++i]));
                    kind = Kind.REGEX;
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[' && !inClass) {
                re.append('[');
                inClass = true;
                kind = Kind.REGEX;
                if (i + 1 < cps.length && cps[i + 1] == '^') {
                    re.append('^');
                    i++;
                }
            } else if (ch == ']' && inClass) {
                re.append(']');
                inClass = false;
            } else if (ch == '-' && inClass) {
                re.append('-');
            } else {
                re.append(quote(ch));
            }
        }
        Pattern regex = kind == Kind.REGEX ? Pattern.compile(re.append('$').toString()) : null;
        return new IgnorePattern(text, exclusion, kind, regex);
    }

    private static String quote(int ch) {
        String s = new String(Character.toChars(ch));
        return ch < 0x80 && !Character.isLetterOrDigit(ch) ? "\\" + s : s;
    }

    boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
            case SUFFIX -> {
                String suffix = text.substring(2);
                yield path.endsWith(suffix) || (suffix.startsWith("/") && path.equals(suffix.substring(1)));
            }
            case REGEX -> regex.matcher(path).matches();
        };
    }

    /** The pattern with a trailing {@code /**} or {@code /*} removed (fsutil's prefix test). */
    String withoutTrailingGlob() {
        String s = text;
        if (s.endsWith("/**")) {
            s = s.substring(0, s.length() - 3);
        }
        if (s.endsWith("/*")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    /** The syntax check of Go's {@code filepath.Match}: classes closed, non-empty, escapes complete. */
    static void validate(String p) {
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw bad(p);
                }
                i += 2;
            } else if (c == '[') {
                i++;
                if (i < n && p.charAt(i) == '^') {
                    i++;
                }
                int ranges = 0;
                while (true) {
                    if (i < n && p.charAt(i) == ']' && ranges > 0) {
                        i++;
                        break;
                    }
                    i = escapedChar(p, i);
                    if (p.charAt(i) == '-') {
                        i = escapedChar(p, i + 1);
                    }
                    ranges++;
                }
            } else {
                i++;
            }
        }
    }

    /** Skips one possibly escaped class character, which must be followed by more pattern. */
    private static int escapedChar(String p, int i) {
        if (i >= p.length() || p.charAt(i) == '-' || p.charAt(i) == ']') {
            throw bad(p);
        }
        if (p.charAt(i) == '\\') {
            i++;
            if (i >= p.length()) {
                throw bad(p);
            }
        }
        i += Character.charCount(p.codePointAt(i));
        if (i >= p.length()) {
            throw bad(p);
        }
        return i;
    }

    private static IllegalArgumentException bad(String p) {
        return new IllegalArgumentException("syntax error in pattern " + GoText.quote(p));
    }
}
