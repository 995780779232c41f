package dev.jrun.api;

import dev.jrun.JrunException;

/** A detached container that could not start, with the exit code docker gives (126, 127, or 125). */
public final class ContainerStartException extends JrunException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public ContainerStartException(String message, int code) {
        super(message);
        this.code = code;
    }

    @Override
    public int exitCode() {
        return code;
    }
}
