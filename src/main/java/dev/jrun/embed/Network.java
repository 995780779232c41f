package dev.jrun.embed;

/**
 * A container's network. The default is {@link #BRIDGE}, as with docker: a network namespace of its own on
 * jrun's CNI bridge, its published ports mapped to host ports ({@link RunningContainer#mappedPort}).
 */
public enum Network {
    /** Its own network namespace on jrun's bridge, NAT to the outside, published ports mapped. The default. */
    BRIDGE("bridge"),
    /** The host's network namespace: the container's ports are the host's ({@code mappedPort(p) == p}). */
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
