package dev.jrun.dockerfile;

import dev.jrun.JrunException;

/**
 * Variable expansion or quote processing failed, e.g. {@code failed to process "${FOO:?}": FOO: is
 * not allowed to be unset}. The builder adds the Dockerfile location.
 */
public class ShellExpansionException extends JrunException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public ShellExpansionException(String source, String reason) {
        super("failed to process " + GoText.quote(source) + ": " + reason);
        this.reason = reason;
    }

    /** The reason alone ({@code FOO: is not allowed to be unset}). */
    public String reason() {
        return reason;
    }

    @Override
    public int exitCode() {
        return 1;
    }
}
