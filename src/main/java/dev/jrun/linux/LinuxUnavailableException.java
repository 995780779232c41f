package dev.jrun.linux;

import dev.jrun.JrunException;

/** The kernel or platform lacks something the launcher needs; the message says what and since when. */
public class LinuxUnavailableException extends JrunException {
    private static final long serialVersionUID = 1L;

    public LinuxUnavailableException(String message) {
        super(message);
    }
}
