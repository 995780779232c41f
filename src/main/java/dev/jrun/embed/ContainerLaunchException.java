package dev.jrun.embed;

import dev.jrun.JrunException;

/**
 * A container that could not be started or did not become ready. The message names the image and command,
 * says what failed (no such image, command not found, a port that never opened, an exit before it was
 * ready) and ends with the container's last log lines; the container is removed before this is thrown.
 */
public class ContainerLaunchException extends JrunException {
    private static final long serialVersionUID = 1L;

    /** An error without a cause. */
    public ContainerLaunchException(String message) {
        super(message);
    }

    /** An error with the cause kept. */
    public ContainerLaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
