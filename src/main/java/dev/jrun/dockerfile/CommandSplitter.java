package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a logical line into instruction word, leading {@code --flags} and the rest, as buildkit's
 * {@code splitCommand}/{@code extractBuilderFlags}: flags end at the first word not starting with
 * {@code --}, or at a bare {@code --} (which is dropped). Quotes in flags are removed and the escape
 * token escapes the next character.
 */
final class CommandSplitter {
    record Split(String command, List<String> flags, String rest) {
    }

    private CommandSplitter() {
    }

    static Split split(String line, char escape) {
        List<String> parts = GoText.splitBlanks(GoText.trimSpace(line), 2);
        if (parts.size() < 2) {
            return new Split(parts.get(0), List.of(), "");
        }
        List<String> flags = new ArrayList<>();
        String rest = extractFlags(parts.get(1), escape, flags);
        return new Split(parts.get(0), flags, GoText.trimSpace(rest));
    }

    private static final int IN_SPACES = 0;
    private static final int IN_WORD = 1;
    private static final int IN_QUOTE = 2;

    /** Collects the flags into {@code words} and returns the remainder of the line. */
    static String extractFlags(String line, char escape, List<String> words) {
        int phase = IN_SPACES;
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean blankOk = false;
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (phase == IN_SPACES) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') {
                    return line.substring(pos);
                }
                phase = IN_WORD;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    words.add(w);
                }
                break;
            }
            if (phase == IN_WORD) {
                if (GoText.isSpace(ch)) {
                    String w = word.toString();
                    phase = IN_SPACES;
                    if (w.equals("--")) {
                        return line.substring(pos);
                    }
                    if (blankOk || !w.isEmpty()) {
                        words.add(w);
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = IN_QUOTE;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    pos++;
                    ch = line.charAt(pos);
                }
                word.append(ch);
                continue;
            }
            // IN_QUOTE
            if (ch == quote) {
                phase = IN_WORD;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    phase = IN_WORD;
                    continue;
                }
                pos++;
                ch = line.charAt(pos);
            }
            word.append(ch);
        }
        return "";
    }
}
