package dev.jrun.network;

import dev.jrun.JrunException;

/**
 * One published port: host address and port (0 = pick a free one) to the container's port, tcp or udp.
 * As docker writes it in ps: {@code 0.0.0.0:5000->8080/tcp}.
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    public static final String ANY = "0.0.0.0";

    public PortMapping {
        hostIp = hostIp == null || hostIp.isEmpty() ? ANY : hostIp;
        if (hostPort < 0 || hostPort > 65535 || containerPort < 1 || containerPort > 65535) {
            throw new JrunException("invalid port mapping " + hostPort + ":" + containerPort + ": ports are 1-65535");
        }
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw new JrunException("invalid protocol \"" + protocol + "\": want tcp, udp or sctp");
        }
    }

    public PortMapping withHostPort(int p) {
        return new PortMapping(hostIp, p, containerPort, protocol);
    }

    /** "8080/tcp", the key of docker's NetworkSettings.Ports. */
    public String containerKey() {
        return containerPort + "/" + protocol;
    }

    /** ps's PORTS entry: "0.0.0.0:5000->8080/tcp". */
    @Override
    public String toString() {
        return hostIp + ":" + hostPort + "->" + containerKey();
    }

    /** True if both would bind the same host port: same protocol and port, and one address covers the other. */
    public boolean clashesWith(PortMapping o) {
        return hostPort != 0 && hostPort == o.hostPort && protocol.equals(o.protocol)
                && (hostIp.equals(o.hostIp) || hostIp.equals(ANY) || o.hostIp.equals(ANY));
    }
}
