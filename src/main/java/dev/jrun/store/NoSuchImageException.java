package dev.jrun.store;

import dev.jrun.JrunException;

/** No image in the store answers to a name or id. */
public final class NoSuchImageException extends JrunException {
    private static final long serialVersionUID = 1L;

    public NoSuchImageException(String nameOrId) {
        super("No such image: " + nameOrId);
    }
}
