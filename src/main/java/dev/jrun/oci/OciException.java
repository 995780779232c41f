package dev.jrun.oci;

import dev.jrun.JrunException;

/** An error of the runc-compatible commands: runc exits 1 on every error, and so do they. */
public class OciException extends JrunException {
    public OciException(String message) {
        super(message);
    }

    public OciException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return 1;
    }
}
