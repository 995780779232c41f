package dev.jrun.dockerfile;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shell glob patterns in {@code ${VAR#pat}}, {@code ${VAR%pat}} and {@code ${VAR/pat/repl}}:
 * {@code *} any string (shortest or longest), {@code ?} one character, {@code \} escapes
 * {@code * ? \} (and {@code } /} which are dropped as part of {@code ${}}); no bracket classes.
 */
final class ShellPatterns {
    private ShellPatterns() {
    }

    /**
     * Applies {@code ${name<mod>word}} to {@code value} (null when unset) for the modifiers
     * {@code - + ? # ## % %%} (with {@code :} meaning "empty counts as unset" for the first three).
     * IllegalArgumentException carries the message for {@code ?} and bad patterns.
     */
    static String applyModifier(int ch, String chs, String name, String word, String value, boolean nullIsUnset) {
        boolean set = value != null;
        boolean empty = !set || (nullIsUnset && value.isEmpty());
        switch (ch) {
            case '-':
                return empty ? word : value;
            case '+':
                return empty ? "" : word;
            case '?':
                if (!set) {
                    throw new IllegalArgumentException(
                            name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                }
                if (nullIsUnset && value.isEmpty()) {
                    throw new IllegalArgumentException(
                            name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                }
                return value;
            case '%':
            case '#':
                boolean greedy = !word.isEmpty() && word.charAt(0) == ch;
                String pattern = greedy ? word.substring(1) : word;
                return ch == '%' ? trimSuffix(pattern, value, greedy) : trimPrefix(pattern, value, greedy);
            default:
                throw new IllegalArgumentException("unsupported modifier (" + chs + ") in substitution");
        }
    }

    /** The regular expression for a pattern; IllegalArgumentException names a bad escape. */
    static Pattern toRegex(String pattern, boolean greedy, boolean anchored) {
        int[] cps = pattern.codePoints().toArray();
        StringBuilder out = new StringBuilder(anchored ? "^" : "");
        String star = greedy ? "[^\\n]*" : "[^\\n]*?";
        for (int i = 0; i < cps.length; i++) {
            int tok = cps[i];
            if (tok == '*') {
                out.append(star);
                continue;
            }
            if (tok == '?') {
                out.append("[^\\n]");
                continue;
            }
            if (tok == '\\') {
                int nextTok = i + 1 < cps.length ? cps[i + 1] : -1;
                if (nextTok == '}' || nextTok == '/') {
                    continue;
                }
                i++;
                if (nextTok != '*' && nextTok != '?' && nextTok != '\\') {
                    String shown = nextTok < 0 ? "\uFFFD" : new String(Character.toChars(nextTok));
                    throw new IllegalArgumentException(
                            "invalid pattern (" + pattern + ") in substitution: invalid escape '\\" + shown + "'");
                }
                out.append('\\').appendCodePoint(nextTok);
                continue;
            }
            if (tok < 0x80 && !Character.isLetterOrDigit(tok)) {
                out.append('\\');
            }
            out.appendCodePoint(tok);
        }
        return Pattern.compile(out.toString());
    }

    static String trimPrefix(String pattern, String value, boolean greedy) {
        String v = value == null ? "" : value;
        Matcher m = toRegex(pattern, greedy, true).matcher(v);
        return m.find() ? v.substring(m.end()) : v;
    }

    static String trimSuffix(String pattern, String value, boolean greedy) {
        String reversed = trimPrefix(reversePattern(pattern), reverse(value == null ? "" : value), greedy);
        return reverse(reversed);
    }

    /** Reverses a pattern keeping each escape before the character it escapes ({@code a\*c} to {@code c\*a}). */
    static String reversePattern(String pattern) {
        int[] in = pattern.codePoints().toArray();
        int[] out = new int[in.length];
        int last = in.length - 1;
        for (int i = 0; i <= last;) {
            int outIdx = last - i;
            if (in[i] == '\\' && i != last) {
                out[outIdx - 1] = in[i];
                out[outIdx] = in[i + 1];
                i += 2;
            } else {
                out[outIdx] = in[i];
                i++;
            }
        }
        return new String(out, 0, out.length);
    }

    static String reverse(String s) {
        int[] cps = s.codePoints().toArray();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = cps.length - 1; i >= 0; i--) {
            b.appendCodePoint(cps[i]);
        }
        return b.toString();
    }

    /** {@code ${name/pat/repl}} and {@code ${name//pat/repl}}; the scanner is just past the first {@code /}. */
    static String substitute(ShellWord sw, String name) {
        boolean all = sw.consumeIf('/');
        String pattern = sw.stopOnOrMissing('/', true, "syntax error: missing '/' in ${}");
        String replacement = sw.stopOnOrMissing('}', true, "syntax error: missing '}'");
        String value = sw.getEnv(name);
        if (value == null && sw.skipUnsetEnv()) {
            return "${" + name + "/" + pattern + "/" + replacement + "}";
        }
        String v = value == null ? "" : value;
        Pattern re;
        try {
            re = toRegex(pattern, true, false);
        } catch (IllegalArgumentException e) {
            throw ShellWord.fail(e.getMessage());
        }
        Matcher m = re.matcher(v);
        if (!all) {
            return m.find() ? v.substring(0, m.start()) + replacement + v.substring(m.end()) : v;
        }
        return replaceAll(m, v, replacement);
    }

    /** Go's {@code Regexp.ReplaceAllString}: empty matches right after a match are skipped, $0 expands. */
    private static String replaceAll(Matcher m, String src, String template) {
        StringBuilder out = new StringBuilder();
        int lastMatchEnd = 0;
        int searchPos = 0;
        while (searchPos <= src.length()) {
            if (!m.find(searchPos)) {
                break;
            }
            int start = m.start();
            int end = m.end();
            out.append(src, lastMatchEnd, start);
            if (end > lastMatchEnd || start == 0) {
                expand(out, template, m.group());
            }
            lastMatchEnd = end;
            int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 0;
            if (searchPos + width > end) {
                searchPos += width;
            } else if (searchPos + 1 > end) {
                searchPos++;
            } else {
                searchPos = end;
            }
        }
        out.append(src, Math.min(lastMatchEnd, src.length()), src.length());
        return out.toString();
    }

    /** Go's template expansion with only group 0: {@code $$}, {@code $0}/{@code ${0}}, other names empty. */
    private static void expand(StringBuilder out, String template, String match) {
        String t = template;
        while (!t.isEmpty()) {
            int dollar = t.indexOf('$');
            if (dollar < 0) {
                break;
            }
            out.append(t, 0, dollar);
            t = t.substring(dollar + 1);
            if (t.startsWith("$")) {
                out.append('$');
                t = t.substring(1);
                continue;
            }
            boolean brace = t.startsWith("{");
            int i = brace ? 1 : 0;
            int nameStart = i;
            while (i < t.length()) {
                int c = t.codePointAt(i);
                if (!Character.isLetter(c) && !Character.isDigit(c) && c != '_') {
                    break;
                }
                i += Character.charCount(c);
            }
            boolean ok = i > nameStart && (!brace || (i < t.length() && t.charAt(i) == '}'));
            if (!ok) {
                out.append('$');
                continue;
            }
            String groupName = t.substring(nameStart, i);
            t = t.substring(brace ? i + 1 : i);
            if (groupName.chars().allMatch(ch -> ch >= '0' && ch <= '9') && groupName.length() < 9
                    && Integer.parseInt(groupName) == 0) {
                out.append(match);
            }
        }
        out.append(t);
    }
}
