package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How each instruction's argument text becomes argument nodes (buildkit's line parsers). No
 * variable expansion and no quote removal happens here: that is the shell lexer's job later.
 */
final class LineParsers {
    /** Argument nodes plus whether they came from the JSON form. */
    record Args(List<Node> nodes, boolean json) {
        static final Args NONE = new Args(List.of(), false);
    }

    private LineParsers() {
    }

    static Args dispatch(String keyword, String rest, Parser.Context ctx) {
        return switch (keyword.toLowerCase(Locale.ROOT)) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "arg" -> nameOrNameVal(rest, ctx.escape());
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "env" -> nameVal(rest, "ENV", ctx.escape());
            case "label" -> nameVal(rest, "LABEL", ctx.escape());
            case "expose", "from" -> whitespaceDelimited(rest);
            case "healthcheck" -> healthConfig(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> string(rest);
            case "onbuild" -> subCommand(rest, ctx);
            default -> new Args(List.of(Node.leaf("")), false); // unknown: kept, rejected later
        };
    }

    private static Args subCommand(String rest, Parser.Context ctx) {
        if (rest.isEmpty()) {
            return Args.NONE;
        }
        Node child = Parser.nodeFromLine(rest, ctx, List.of());
        return new Args(List.of(Node.wrapper(child)), false);
    }

    /** Splits into words on white space, keeping quotes and escapes (buildkit's parseWords). */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        int n = rest.length();
        for (int pos = 0; pos < n; pos++) {
            char ch = rest.charAt(pos);
            if (!inWord && quote == 0) {
                if (GoText.isSpace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (quote == 0) {
                if (GoText.isSpace(ch)) {
                    if (blankOk || w.length() > 0) {
                        words.add(w.toString());
                    }
                    w.setLength(0);
                    blankOk = false;
                    inWord = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                } else if (ch == escape) {
                    if (pos + 1 == n) {
                        continue; // an escape at the very end is dropped
                    }
                    w.append(ch);
                    ch = rest.charAt(++pos);
                }
                w.append(ch);
                continue;
            }
            if (ch == quote) {
                quote = 0;
            } else if (ch == escape && quote != '\'') {
                if (pos + 1 == n) {
                    quote = 0;
                    continue;
                }
                w.append(ch);
                ch = rest.charAt(++pos);
            }
            w.append(ch);
        }
        if ((inWord || quote != 0) && (blankOk || w.length() > 0)) {
            words.add(w.toString());
        }
        return words;
    }

    /** ENV and LABEL: {@code KEY value} (old form) or {@code K=V K2=V2}; triples key, value, separator. */
    static Args nameVal(String rest, String instruction, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return Args.NONE;
        }
        List<Node> nodes = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            List<String> parts = GoText.splitBlanks(rest, 2);
            if (parts.size() < 2) {
                throw new DockerfileSyntaxException.Reason(instruction + " must have two arguments");
            }
            addTriple(nodes, parts.get(0), parts.get(1), "");
            return new Args(nodes, false);
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new DockerfileSyntaxException.Reason("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            addTriple(nodes, word.substring(0, eq), word.substring(eq + 1), "=");
        }
        return new Args(nodes, false);
    }

    private static void addTriple(List<Node> nodes, String key, String value, String sep) {
        nodes.add(Node.leaf(key));
        nodes.add(Node.leaf(value));
        nodes.add(Node.leaf(sep));
    }

    static Args nameOrNameVal(String rest, char escape) {
        List<Node> nodes = new ArrayList<>();
        for (String w : words(rest, escape)) {
            nodes.add(Node.leaf(w));
        }
        return new Args(nodes, false);
    }

    static Args whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return Args.NONE;
        }
        List<Node> nodes = new ArrayList<>();
        for (String s : GoText.splitBlanks(rest, -1)) {
            nodes.add(Node.leaf(s));
        }
        return new Args(nodes, false);
    }

    static Args string(String rest) {
        return rest.isEmpty() ? Args.NONE : new Args(List.of(Node.leaf(rest)), false);
    }

    private static Args json(String rest) throws JsonForm.NotJson {
        List<Node> nodes = new ArrayList<>();
        for (String s : JsonForm.parse(rest)) {
            nodes.add(Node.leaf(s));
        }
        return new Args(nodes, true);
    }

    static Args maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Args.NONE;
        }
        try {
            return json(rest);
        } catch (JsonForm.NotJson e) {
            return new Args(List.of(Node.leaf(rest)), false);
        }
    }

    static Args maybeJsonToList(String rest) {
        try {
            return json(rest);
        } catch (JsonForm.NotJson e) {
            return whitespaceDelimited(rest);
        }
    }

    /** HEALTHCHECK: a type word ({@code CMD}, {@code NONE}) then a maybe-JSON command. */
    static Args healthConfig(String rest) {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
            sep++;
        }
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
            next++;
        }
        if (sep == 0) {
            return Args.NONE;
        }
        Args cmd = maybeJson(rest.substring(next));
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.leaf(rest.substring(0, sep)));
        nodes.addAll(cmd.nodes());
        return new Args(nodes, cmd.json());
    }
}
