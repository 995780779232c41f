package dev.jrun.dockerfile;

import java.util.List;

/**
 * What {@link Parser#parse} returns: the raw syntax tree and what was learnt on the way.
 *
 * @param fileName the name errors use ({@code Dockerfile})
 * @param root the root node; its children are the instructions in order
 * @param escapeToken {@code \} or {@code `} (from the {@code # escape=} directive)
 * @param directives the parser directives found at the top ({@code syntax}, {@code escape},
 *     {@code check})
 * @param warnings non-fatal findings (empty continuation lines)
 * @param sourceLines the file's lines without line endings, for error excerpts
 */
public record ParseResult(String fileName, Node root, char escapeToken, List<Directive> directives,
        List<Warning> warnings, List<String> sourceLines) {

    public ParseResult {
        directives = List.copyOf(directives);
        warnings = List.copyOf(warnings);
        sourceLines = List.copyOf(sourceLines);
    }

    /** The instruction nodes in file order. */
    public List<Node> instructions() {
        return root.children();
    }

    /** buildkit's {@code AST.Dump()}. */
    public String dump() {
        return root.dump();
    }

    /** An error located on {@code node}'s lines, showing them. */
    public DockerfileSyntaxException error(Node node, String reason) {
        return error(node.startLine(), node.endLine(), reason, null);
    }

    /**
     * An error on lines {@code startLine..endLine} of this file (for the builder: an instruction's
     * {@link Instruction.Source} lines), showing them; {@code cause} may be null.
     */
    public DockerfileSyntaxException error(int startLine, int endLine, String reason, Throwable cause) {
        return Parser.locate(fileName, sourceLines, startLine, endLine, reason, cause);
    }

    /** A parser directive such as {@code # syntax=docker/dockerfile:1} (name lower-cased). */
    public record Directive(String name, String value, int line) {
    }

    /** A warning with the 1-based line it concerns. */
    public record Warning(String message, int line) {
    }
}
