package dev.jrun.dockerfile;

import java.util.List;
import java.util.Locale;

/**
 * One node of the raw syntax tree, the shape buildkit's parser produces. An instruction node has
 * the instruction word as {@link #value()} (as written, e.g. {@code RUN} or {@code run}), its
 * {@link #flags()}, and its arguments as {@link #args()}: plain argument nodes, or for
 * {@code ONBUILD} one wrapper node whose {@link #children()} hold the wrapped instruction. The root
 * node has the instructions as children.
 *
 * @param value instruction word or argument text
 * @param args the argument chain (buildkit's {@code Next} list)
 * @param children nested instructions (root, or the ONBUILD wrapper)
 * @param flags {@code --name=value} words before the arguments, quotes removed
 * @param json true when the arguments came from the JSON (exec) form
 * @param original the logical line after joining continuations (instruction word included)
 * @param startLine 1-based first source line (0 for argument and nested nodes)
 * @param endLine 1-based last source line, heredoc bodies included
 * @param heredocs here-documents read after the line
 * @param comments comment lines directly above the instruction (without {@code #})
 */
public record Node(String value, List<Node> args, List<Node> children, List<String> flags, boolean json,
        String original, int startLine, int endLine, List<Heredoc> heredocs, List<String> comments) {

    public Node {
        args = List.copyOf(args);
        children = List.copyOf(children);
        flags = List.copyOf(flags);
        heredocs = List.copyOf(heredocs);
        comments = List.copyOf(comments);
    }

    static Node leaf(String value) {
        return new Node(value, List.of(), List.of(), List.of(), false, "", 0, 0, List.of(), List.of());
    }

    static Node wrapper(Node child) {
        return new Node("", List.of(), List.of(child), List.of(), false, "", 0, 0, List.of(), List.of());
    }

    /** The argument values in order, an ONBUILD wrapper contributing its instruction and its args. */
    public List<String> argValues() {
        List<String> out = new java.util.ArrayList<>();
        for (Node a : args) {
            if (a.children.isEmpty()) {
                out.add(a.value);
            } else if (a.children.size() == 1) {
                out.add(a.children.get(0).value);
                out.addAll(a.children.get(0).argValues());
            }
        }
        return out;
    }

    /** The lower-case instruction word ({@code run}). */
    public String keyword() {
        return value.toLowerCase(Locale.ROOT);
    }

    Node withLines(int start, int end) {
        return new Node(value, args, children, flags, json, original, start, end, heredocs, comments);
    }

    Node withHeredocs(List<Heredoc> docs) {
        return new Node(value, args, children, flags, json, original, startLine, endLine, docs, comments);
    }

    /**
     * The tree as buildkit's {@code Node.Dump()} prints it, e.g.
     * {@code (copy ["--from=x"] "a" "/b")} per instruction for the root.
     */
    public String dump() {
        StringBuilder b = new StringBuilder(value.toLowerCase(Locale.ROOT));
        if (!flags.isEmpty()) {
            b.append(' ').append(GoText.quoteList(flags));
        }
        for (Node child : children) {
            b.append('(').append(child.dump()).append(")\n");
        }
        for (Node a : args) {
            b.append(' ');
            b.append(a.children.isEmpty() ? GoText.quote(a.value) : a.dump());
        }
        return GoText.trimSpace(b.toString());
    }
}
