package dev.jrun.layer;

import dev.jrun.JrunException;

/** A layer could not be unpacked or written: corrupt stream, disk full, digest mismatch. */
public class LayerException extends JrunException {
    private static final long serialVersionUID = 1L;

    public LayerException(String message) {
        super(message);
    }

    public LayerException(String message, Throwable cause) {
        super(message, cause);
    }
}
