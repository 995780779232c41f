package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Go string rules the Dockerfile grammar is defined by: {@code unicode.IsSpace},
 * {@code strings.TrimSpace}, splitting on {@code [\t\v\f\r ]+}, {@code strconv.Quote} and
 * {@code path.Clean}. Kept in one place so the parser and lexer agree with buildkit byte for byte.
 */
final class GoText {
    private GoText() {
    }

    /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
    static boolean isSpace(int c) {
        if (c < 0x80) {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
    }

    /** The characters of the {@code [\t\v\f\r ]} class buildkit splits words on. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == 0x0B || c == '\f' || c == '\r';
    }

    static String trimLeftSpace(String s) {
        int i = 0;
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    static String trimSpace(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return trimLeftSpace(s.substring(0, end));
    }

    /** Go's {@code regexp.MustCompile(`[\t\v\f\r ]+`).Split(s, n)}, n < 0 meaning no limit. */
    static List<String> splitBlanks(String s, int n) {
        List<String> out = new ArrayList<>();
        if (s.isEmpty()) {
            out.add("");
            return out;
        }
        int beg = 0;
        int end = 0;
        int i = 0;
        while (i < s.length()) {
            if (!isBlank(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && isBlank(s.charAt(j))) {
                j++;
            }
            if (n > 0 && out.size() == n - 1) {
                break;
            }
            end = i;
            out.add(s.substring(beg, end));
            beg = j;
            i = j;
        }
        if (end != s.length()) {
            out.add(s.substring(beg));
        }
        return out;
    }

    /** Go's {@code strconv.Quote} on a decoded string. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0B -> b.append("\\v");
                default -> {
                    if (c < ' ' || c == 0x7F) {
                        b.append(String.format("\\x%02x", c));
                    } else if (isPrint(c)) {
                        b.appendCodePoint(c);
                    } else if (c < 0x10000) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return b.append('"').toString();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
    static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Go's {@code %q} of a {@code []string}: {@code ["a" "b"]}. */
    static String quoteList(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(quote(items.get(i)));
        }
        return b.append(']').toString();
    }

    /** Go's {@code path.Clean}: shortest equivalent slash path ("" becomes "."). */
    static String cleanPath(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        boolean rooted = p.charAt(0) == '/';
        List<String> parts = new ArrayList<>();
        for (String part : p.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add(part);
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
