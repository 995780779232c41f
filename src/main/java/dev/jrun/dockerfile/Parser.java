package dev.jrun.dockerfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The raw Dockerfile syntax, as buildkit's {@code parser.Parse}: parser directives at the top,
 * comments, line continuations with the escape token, JSON or shell form, flags, heredocs. The
 * result is a {@link Node} tree whose {@link Node#dump()} equals buildkit's {@code Dump()}.
 * Instructions are not checked here (an unknown word parses); {@link Instructions} does that.
 */
public final class Parser {
    private static final Pattern DIRECTIVE =
            Pattern.compile("^([a-zA-Z][a-zA-Z0-9]*)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*([^\\n]+?)[\\t\\n\\f\\r ]*\\z");
    private static final Set<String> KNOWN_DIRECTIVES = Set.of("syntax", "escape", "check");

    /** Parser state shared with the line parsers: the escape token and the directive scanner. */
    static final class Context {
        private char escape = '\\';
        private boolean directivesDone;
        private final Set<String> seen = new HashSet<>();
        private final List<ParseResult.Directive> directives = new ArrayList<>();

        char escape() {
            return escape;
        }

        /** Looks for a directive on {@code line}; true if it was one. */
        boolean directive(String line, int lineNo) {
            if (directivesDone) {
                return false;
            }
            if (!line.startsWith("#")) {
                directivesDone = true;
                return false;
            }
            Matcher m = DIRECTIVE.matcher(GoText.trimLeftSpace(line.substring(1)));
            String key = m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
            if (key == null || !KNOWN_DIRECTIVES.contains(key)) {
                directivesDone = true;
                return false;
            }
            if (!seen.add(key)) {
                throw new DockerfileSyntaxException.Reason("only one " + key + " parser directive can be used");
            }
            String value = m.group(2);
            if (key.equals("escape")) {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw new DockerfileSyntaxException.Reason(
                            "invalid escape token '" + value + "' does not match ` or \\");
                }
                escape = value.charAt(0);
            }
            directives.add(new ParseResult.Directive(key, value, lineNo));
            return true;
        }
    }

    private Parser() {
    }

    /** Reads and parses a Dockerfile (UTF-8, bad bytes replaced); errors name the file by its file name. */
    public static ParseResult parse(Path file) throws IOException {
        return parse(file.getFileName().toString(), new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Parses Dockerfile text.
     *
     * @param fileName the name to use in error messages
     * @throws DockerfileSyntaxException for a bad directive, a non-string JSON array, an ENV/LABEL
     *     without value, an unterminated heredoc, or a file with no instructions
     */
    public static ParseResult parse(String fileName, String content) {
        List<String> raw = physicalLines(content);
        List<String> source = new ArrayList<>();
        for (String l : raw) {
            source.add(trimNewline(l));
        }
        Context ctx = new Context();
        List<Node> children = new ArrayList<>();
        List<ParseResult.Warning> warnings = new ArrayList<>();
        List<String> comments = new ArrayList<>();
        int currentLine = 0;
        int idx = 0;
        while (idx < raw.size()) {
            String line = raw.get(idx++);
            if (currentLine == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (isComment(line)) {
                String comment = GoText.trimSpace(line.substring(1));
                if (comment.isEmpty()) {
                    comments.clear();
                } else {
                    comments.add(comment);
                }
            }
            String processed = GoText.trimLeftSpace(trimNewline(line));
            try {
                if (ctx.directive(processed, currentLine + 1)) {
                    comments.remove(comments.size() - 1);
                }
            } catch (DockerfileSyntaxException.Reason r) {
                throw locate(fileName, source, currentLine + 1, currentLine + 1, r.getMessage(), r);
            }
            processed = isComment(processed) ? "" : processed;
            currentLine++;
            int startLine = currentLine;
            String trimmed = trimContinuation(processed, ctx.escape);
            boolean endOfLine = trimmed == null;
            String part = endOfLine ? processed : trimmed;
            if (endOfLine && part.isEmpty()) {
                continue;
            }
            StringBuilder buf = new StringBuilder(part);
            boolean emptyContinuation = false;
            while (!endOfLine && idx < raw.size()) {
                String next = raw.get(idx++);
                String nextProcessed = trimNewline(next);
                ctx.directive(nextProcessed, currentLine + 1);
                currentLine++;
                if (isComment(next)) {
                    continue;
                }
                if (GoText.trimLeftSpace(nextProcessed).isEmpty()) {
                    emptyContinuation = true;
                    continue;
                }
                String t = trimContinuation(nextProcessed, ctx.escape);
                endOfLine = t == null;
                buf.append(endOfLine ? nextProcessed : t);
            }
            String logical = buf.toString();
            if (emptyContinuation) {
                warnings.add(new ParseResult.Warning("Empty continuation line found in: " + logical, currentLine));
            }
            Node child;
            try {
                child = nodeFromLine(logical, ctx, comments);
                if (canContainHeredoc(child) && logical.contains("<<")) {
                    List<Heredoc> docs = new ArrayList<>();
                    for (Heredoc doc : Heredocs.fromLine(logical)) {
                        StringBuilder body = new StringBuilder();
                        boolean terminated = false;
                        while (idx < raw.size()) {
                            String bodyLine = raw.get(idx++);
                            currentLine++;
                            String candidate = trimNewline(bodyLine);
                            if (doc.chomp()) {
                                candidate = candidate.replaceFirst("^\t+", "");
                            }
                            if (candidate.equals(doc.name())) {
                                terminated = true;
                                break;
                            }
                            body.append(bodyLine);
                        }
                        if (!terminated) {
                            throw new DockerfileSyntaxException.Reason("unterminated heredoc");
                        }
                        docs.add(doc.withContent(body.toString()));
                    }
                    child = child.withHeredocs(docs);
                }
            } catch (DockerfileSyntaxException.Reason r) {
                throw locate(fileName, source, startLine, currentLine, r.getMessage(), r);
            }
            children.add(child.withLines(startLine, currentLine));
            comments = new ArrayList<>();
        }
        if (children.isEmpty()) {
            throw locate(fileName, source, 0, 0, "file with no instructions", null);
        }
        int start = children.get(0).startLine();
        int end = children.get(children.size() - 1).endLine();
        Node root = new Node("", List.of(), children, List.of(), false, "", start, end, List.of(), List.of());
        return new ParseResult(fileName, root, ctx.escape, ctx.directives, warnings, source);
    }

    /** Builds one instruction node from a logical line (continuations already joined). */
    static Node nodeFromLine(String line, Context ctx, List<String> comments) {
        CommandSplitter.Split split = CommandSplitter.split(line, ctx.escape());
        LineParsers.Args args = LineParsers.dispatch(split.command(), split.rest(), ctx);
        return new Node(split.command(), args.nodes(), List.of(), split.flags(), args.json(), line, 0, 0,
                List.of(), comments);
    }

    private static boolean canContainHeredoc(Node node) {
        Node n = node;
        if (n.keyword().equals("onbuild") && !n.args().isEmpty() && !n.args().get(0).children().isEmpty()) {
            n = n.args().get(0).children().get(0);
        }
        String k = n.keyword();
        return (k.equals("run") || k.equals("copy") || k.equals("add")) && !n.json();
    }

    static DockerfileSyntaxException locate(String file, List<String> source, int start, int end, String reason,
            Throwable cause) {
        int column = 1;
        if (start >= 1 && start <= source.size()) {
            String l = source.get(start - 1);
            column = l.length() - GoText.trimLeftSpace(l).length() + 1;
        }
        return new DockerfileSyntaxException(file, start, column, end, reason, source, cause);
    }

    /**
     * If {@code line} ends with the escape token (then optional blanks) not itself escaped, returns
     * the line without it; otherwise null (the logical line ends here).
     */
    static String trimContinuation(String line, char escape) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        if (end == 0 || line.charAt(end - 1) != escape) {
            return null;
        }
        if (end == 1) {
            return "";
        }
        if (line.charAt(end - 2) == escape) {
            return null;
        }
        return line.substring(0, end - 1);
    }

    static boolean isComment(String line) {
        String t = GoText.trimLeftSpace(line);
        return !t.isEmpty() && t.charAt(0) == '#';
    }

    /** Strips every trailing CR and LF, as buildkit's trimNewline. */
    static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Splits into lines, each keeping its {@code \n}; the last may have none. */
    static List<String> physicalLines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            int end = nl < 0 ? content.length() : nl + 1;
            lines.add(content.substring(start, end));
            start = end;
        }
        return lines;
    }
}
