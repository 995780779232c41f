package dev.jrun.dockerfile;

import dev.jrun.JrunException;
import java.util.List;

/**
 * A Dockerfile that cannot be parsed or whose instruction is malformed. The message names the
 * file, line and column, says why, and shows the offending source lines:
 *
 * <pre>
 * Dockerfile:7:1: unknown instruction: FOOBAR
 *   7 | FOOBAR x
 * </pre>
 *
 * Exit code 1, as {@code docker build} uses for a bad Dockerfile.
 */
public class DockerfileSyntaxException extends JrunException {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SHOWN_LINES = 10;

    private final String file;
    private final int line;
    private final int column;
    private final int endLine;
    private final String reason;

    public DockerfileSyntaxException(String file, int line, int column, int endLine, String reason,
            List<String> sourceLines) {
        this(file, line, column, endLine, reason, sourceLines, null);
    }

    public DockerfileSyntaxException(String file, int line, int column, int endLine, String reason,
            List<String> sourceLines, Throwable cause) {
        super(format(file, line, column, Math.max(line, endLine), reason, sourceLines), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.endLine = Math.max(line, endLine);
        this.reason = reason;
    }

    /** File name as given to the parser (for example {@code Dockerfile}). */
    public String file() {
        return file;
    }

    /** 1-based first line of the offending instruction; 0 when the error concerns the whole file. */
    public int line() {
        return line;
    }

    /** 1-based column. */
    public int column() {
        return column;
    }

    /** 1-based last line of the offending instruction (equal to {@link #line()} for one line). */
    public int endLine() {
        return endLine;
    }

    /** The reason alone, without location or source excerpt. */
    public String reason() {
        return reason;
    }

    @Override
    public int exitCode() {
        return 1;
    }

    private static String format(String file, int line, int column, int endLine, String reason,
            List<String> sourceLines) {
        if (line <= 0) {
            return file + ": " + reason;
        }
        StringBuilder b = new StringBuilder()
                .append(file).append(':').append(line).append(':').append(Math.max(column, 1))
                .append(": ").append(reason);
        int width = Math.max(3, String.valueOf(endLine).length());
        int last = Math.min(endLine, line + MAX_SHOWN_LINES - 1);
        for (int n = line; n <= last && sourceLines != null && n <= sourceLines.size(); n++) {
            b.append('\n').append(String.format("%" + width + "d | %s", n, sourceLines.get(n - 1)));
        }
        if (last < endLine) {
            b.append('\n').append(" ".repeat(width)).append(" | ...");
        }
        return b.toString();
    }

    /**
     * A reason without a location yet, thrown by the inner parsing steps and turned into a
     * {@link DockerfileSyntaxException} by the code that knows the lines.
     */
    static final class Reason extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Reason(String message) {
            super(message, null, false, false);
        }
    }
}
