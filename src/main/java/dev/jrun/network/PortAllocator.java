package dev.jrun.network;

import dev.jrun.JrunException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and completes a container's port mappings before it starts: a host port another container
 * publishes, or that a host process has bound, is refused by name; port 0 becomes a free port. The
 * probe binds the port for a moment, as docker's userland proxy would.
 */
public final class PortAllocator {
    /** Binds hostIp:port for protocol and releases it at once; returns the port bound (a free one for 0). */
    public interface Probe {
        int bind(String hostIp, int port, String protocol) throws IOException;
    }

    private final Probe probe;

    public PortAllocator(Probe probe) {
        this.probe = probe;
    }

    /** The probe on this host's sockets. */
    public static PortAllocator host() {
        return new PortAllocator(PortAllocator::bindOnce);
    }

    /** wanted with every host port fixed; taken are the mappings of other containers. */
    public List<PortMapping> allocate(List<PortMapping> wanted, List<PortMapping> taken) {
        List<PortMapping> done = new ArrayList<>();
        for (PortMapping w : wanted) {
            for (PortMapping d : done) {
                if (w.clashesWith(d)) {
                    throw new JrunException("port " + w.hostPort() + "/" + w.protocol() + " is published twice (" + d
                            + " and " + w + ")");
                }
            }
            for (PortMapping t : taken) {
                if (w.clashesWith(t)) {
                    throw new JrunException("Bind for " + w.hostIp() + ":" + w.hostPort() + " failed: port is already "
                            + "allocated (another container publishes " + t + ")");
                }
            }
            int port = w.hostPort();
            for (int attempt = 0; ; attempt++) {
                int got;
                try {
                    got = probe.bind(w.hostIp(), port, w.protocol());
                } catch (IOException e) {
                    throw new JrunException("Bind for " + w.hostIp() + ":" + w.hostPort() + "/" + w.protocol()
                            + " failed: " + (w.hostPort() == 0 ? "" : "port is already in use on the host: ")
                            + e.getMessage(), e);
                }
                PortMapping m = w.withHostPort(got);
                boolean clash = taken.stream().anyMatch(m::clashesWith) || done.stream().anyMatch(m::clashesWith);
                if (!clash) {
                    done.add(m);
                    break;
                }
                if (w.hostPort() != 0 || attempt > 50) {
                    throw new JrunException("no free host port for " + w);
                }
            }
        }
        return done;
    }

    static int bindOnce(String hostIp, int port, String protocol) throws IOException {
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(hostIp), port);
        if (protocol.equals("udp")) {
            try (DatagramSocket s = new DatagramSocket(null)) {
                s.setReuseAddress(false);
                s.bind(a);
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // a port in TIME_WAIT is free for a DNAT rule
            s.bind(a);
            return s.getLocalPort();
        }
    }
}
