package dev.jrun.runtime;

import dev.jrun.JrunException;

/** No container answers to a name or id. */
public final class NoSuchContainerException extends JrunException {
    private static final long serialVersionUID = 1L;

    public NoSuchContainerException(String nameOrId) {
        super("No such container: " + nameOrId);
    }
}
