package dev.jrun.dockerfile;

import java.util.Objects;

/**
 * A here-document attached to a RUN, COPY or ADD line ({@code RUN <<EOF}).
 *
 * @param name the delimiter word with quotes removed ({@code EOF})
 * @param fileDescriptor the number before {@code <<} ({@code 3<<EOF}), 0 when absent
 * @param expand false when any part of the delimiter was quoted: then {@code $VAR} in the content
 *     is left alone
 * @param chomp {@code <<-}: leading tabs are stripped from the content when it is used (the
 *     terminator line may be tab-indented either way)
 * @param content the lines between the instruction and the terminator, each with its newline, as
 *     written (no tab stripping; see {@link #chompedContent()})
 */
public record Heredoc(String name, int fileDescriptor, boolean expand, boolean chomp, String content) {
    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }

    /** The content as the instruction uses it: leading tabs removed from each line if {@link #chomp()}. */
    public String chompedContent() {
        return chomp ? chompTabs(content) : content;
    }

    /** Removes leading tabs from every line (buildkit's {@code ChompHeredocContent}). */
    public static String chompTabs(String text) {
        return text.replaceAll("(?m)^\t+", "");
    }

    Heredoc withContent(String newContent) {
        return new Heredoc(name, fileDescriptor, expand, chomp, newContent);
    }
}
