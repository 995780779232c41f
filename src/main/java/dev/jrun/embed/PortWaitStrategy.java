package dev.jrun.embed;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Ready when a TCP connection to the container's published ports succeeds (all of them, or the ones named).
 * Made by {@link Wait#forListeningPort()}.
 */
public final class PortWaitStrategy extends PollingWait {
    private final List<Integer> ports;

    PortWaitStrategy(List<Integer> ports, Duration timeout) {
        super(timeout);
        this.ports = List.copyOf(ports);
    }

    @Override
    public PortWaitStrategy withStartupTimeout(Duration t) {
        return new PortWaitStrategy(ports, t);
    }

    private List<Integer> ports(WaitTarget target) {
        List<Integer> p = ports.isEmpty() ? target.publishedPorts() : ports;
        if (p.isEmpty()) {
            throw new ContainerLaunchException("Wait.forListeningPort() needs a published port: add publish(PORT) "
                    + "to the spec or name the port");
        }
        return p;
    }

    @Override
    String check(WaitTarget target) {
        for (int p : ports(target)) {
            String seen = connect(target.host(), target.mappedPort(p));
            if (seen != null) {
                return seen;
            }
        }
        return null;
    }

    @Override
    String awaited(WaitTarget target) {
        List<String> where = new ArrayList<>();
        for (int p : ports(target)) {
            int host = target.mappedPort(p);
            where.add(host == p ? Integer.toString(p) : p + " (host port " + host + ")");
        }
        return (where.size() == 1 ? "port " : "ports ") + String.join(", ", where) + " on " + target.host()
                + " to accept connections";
    }

    /** null if host:port accepts a connection, else why not. */
    static String connect(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            return null;
        } catch (IOException e) {
            return host + ":" + port + ": " + e.getMessage();
        }
    }
}
