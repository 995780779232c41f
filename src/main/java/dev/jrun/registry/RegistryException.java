package dev.jrun.registry;

import dev.jrun.JrunException;

/**
 * A registry refused or botched a request. Keeps the HTTP status (0 when no answer came) and the OCI
 * distribution error code (e.g. MANIFEST_UNKNOWN, DENIED) for callers to branch on.
 */
public class RegistryException extends JrunException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public RegistryException(String message, int status, String code) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = null;
    }

    /** The HTTP status of the answer, or 0 if none was received. */
    public int status() {
        return status;
    }

    /** The OCI error code from the answer's body, or null. */
    public String code() {
        return code;
    }

    /** True for answers that mean "not there or not yours": 401, 403, 404. */
    public boolean isDeniedOrMissing() {
        return status == 401 || status == 403 || status == 404;
    }
}
