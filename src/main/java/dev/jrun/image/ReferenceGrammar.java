package dev.jrun.image;

/**
 * distribution/reference's grammar for registries, repository paths, tags and ids, matched by hand:
 * compiling the equivalent regexes was ~10 ms of every jrun command that names an image (the first
 * Pattern of a JVM links regex's character classes through lambdas).
 */
final class ReferenceGrammar {
    private ReferenceGrammar() {
    }

    private static boolean lowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean alnum(char c) {
        return lowerAlnum(c) || c >= 'A' && c <= 'Z';
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code component(/component)*}, a component being {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*}. */
    static boolean path(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!component(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    private static boolean component(String s, int from, int to) {
        if (from >= to || !lowerAlnum(s.charAt(from)) || !lowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (lowerAlnum(c)) {
                i++;
                continue;
            }
            int sep = i;
            while (i < to && !lowerAlnum(s.charAt(i))) {
                i++;
            }
            if (!separator(s, sep, i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code .}, {@code _}, {@code __} or one or more {@code -}. */
    private static boolean separator(String s, int from, int to) {
        int n = to - from;
        char c = s.charAt(from);
        if (c == '.' || c == '_') {
            return n == 1 || n == 2 && c == '_' && s.charAt(from + 1) == '_';
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code host(:port)?}: host being dot-separated labels {@code [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?}
     * or a bracketed IPv6 address {@code \[[0-9a-fA-F:]+\]}.
     */
    static boolean domain(String s) {
        int hostEnd;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                if (!hex(s.charAt(i)) && s.charAt(i) != ':') {
                    return false;
                }
            }
            hostEnd = close + 1;
        } else {
            int colon = s.indexOf(':');
            hostEnd = colon < 0 ? s.length() : colon;
            int start = 0;
            while (true) {
                int dot = s.indexOf('.', start);
                int end = dot < 0 || dot > hostEnd ? hostEnd : dot;
                if (!label(s, start, end)) {
                    return false;
                }
                if (end == hostEnd) {
                    break;
                }
                start = end + 1;
            }
        }
        if (hostEnd == s.length()) {
            return true;
        }
        if (s.charAt(hostEnd) != ':' || hostEnd + 1 == s.length()) {
            return false;
        }
        for (int i = hostEnd + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean label(String s, int from, int to) {
        if (from >= to || !alnum(s.charAt(from)) || !alnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!alnum(s.charAt(i)) && s.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean word(char c) {
        return alnum(c) || c == '_';
    }

    /** {@code [\w][\w.-]{0,127}}. */
    static boolean tag(String s) {
        if (s.isEmpty() || s.length() > 128 || !word(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!word(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-f0-9]{min,max}} over all of s from {@code from}. */
    static boolean lowerHex(String s, int from, int min, int max) {
        int n = s.length() - from;
        if (n < min || n > max) {
            return false;
        }
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
