package dev.jrun;

/**
 * Root of jrun's error hierarchy. The message says what failed, on what and why; causes are kept
 * and the CLI prints the chain joined by ": ".
 */
public class JrunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JrunException(String message) {
        super(message);
    }

    public JrunException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Exit code the CLI uses for this error; docker uses 125 when the engine itself fails. */
    public int exitCode() {
        return 125;
    }
}
