package dev.jrun.image;

/**
 * The reference and digest grammars of the distribution spec, matched by hand. They were regular
 * expressions; compiling them cost ~6 ms of every command's start (java.util.regex's first use in a
 * cold JVM), and every command parses a reference or a digest. GrammarTest checks each method against
 * the regular expression it replaces on generated strings.
 */
public final class Grammar {
    private Grammar() {
    }

    private static boolean lowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean alnum(char c) {
        return lowerAlnum(c) || c >= 'A' && c <= 'Z';
    }

    private static boolean word(char c) {
        return alnum(c) || c == '_';
    }

    private static boolean hexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code [a-f0-9]{min,max}}. */
    public static boolean lowerHex(String s, int min, int max) {
        int n = s.length();
        if (n < min || n > max) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** A digest's algorithm: {@code [a-z0-9]+(?:[.+_-][a-z0-9]+)*}. */
    public static boolean algorithm(String s) {
        int n = s.length();
        int i = 0;
        while (true) {
            int start = i;
            while (i < n && lowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                return false;
            }
            if (i == n) {
                return true;
            }
            char sep = s.charAt(i);
            if (sep != '.' && sep != '+' && sep != '_' && sep != '-') {
                return false;
            }
            i++;
        }
    }

    /** A digest's encoded part: {@code [a-zA-Z0-9=_-]+}. */
    public static boolean encoded(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(alnum(c) || c == '=' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A repository path: components {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*} joined by {@code /}.
     */
    public static boolean path(String s) {
        int n = s.length();
        int i = 0;
        while (true) {
            // one component
            while (true) {
                int start = i;
                while (i < n && lowerAlnum(s.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    return false;
                }
                if (i == n) {
                    return true;
                }
                char c = s.charAt(i);
                if (c == '/') {
                    break;
                }
                if (c == '.') {
                    i++;
                } else if (c == '_') {
                    i += i + 1 < n && s.charAt(i + 1) == '_' ? 2 : 1;
                } else if (c == '-') {
                    while (i < n && s.charAt(i) == '-') {
                        i++;
                    }
                } else {
                    return false;
                }
            }
            i++; // the slash; a component must follow
        }
    }

    /**
     * A registry: host labels {@code [a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?} joined by dots, or an IPv6
     * literal {@code \[[0-9a-fA-F:]+\]}, then an optional {@code :port} of digits.
     */
    public static boolean domain(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && s.charAt(0) == '[') {
            i = 1;
            while (i < n && (hexDigit(s.charAt(i)) || s.charAt(i) == ':')) {
                i++;
            }
            if (i == 1 || i == n || s.charAt(i) != ']') {
                return false;
            }
            i++;
        } else {
            while (true) {
                if (i == n || !alnum(s.charAt(i))) {
                    return false;
                }
                int last = i; // index of the label's last alphanumeric character
                i++;
                while (i < n && (alnum(s.charAt(i)) || s.charAt(i) == '-')) {
                    if (s.charAt(i) != '-') {
                        last = i;
                    }
                    i++;
                }
                if (last != i - 1) {
                    return false; // a label ends with '-'
                }
                if (i < n && s.charAt(i) == '.') {
                    i++;
                    continue;
                }
                break;
            }
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != ':' || i + 1 == n) {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            if (s.charAt(j) < '0' || s.charAt(j) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A tag: {@code [\w][\w.-]{0,127}}. */
    public static boolean tag(String s) {
        int n = s.length();
        if (n == 0 || n > 128 || !word(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(word(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** docker's container names: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}. */
    public static boolean containerName(String s) {
        int n = s.length();
        if (n < 2 || !alnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!(word(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
