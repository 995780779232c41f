package dev.jrun.embed;

/**
 * A container's network. This build has no bridge yet, so the default is {@link #HOST}: the container shares
 * the host's network, and a published port is the container port itself ({@code mappedPort(p) == p}).
 */
public enum Network {
    /** The host's network namespace: the container's ports are the host's. The default for now. */
    HOST("host"),
    /** A network namespace with only a loopback interface: no way in or out. */
    NONE("none");

    private final String mode;

    Network(String mode) {
        this.mode = mode;
    }

    /** The name docker and jrun's CLI use for it ({@code --network MODE}). */
    public String mode() {
        return mode;
    }
}
