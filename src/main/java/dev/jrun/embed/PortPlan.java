package dev.jrun.embed;

import dev.jrun.network.NetworkRecord;
import dev.jrun.network.PortMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which host port each published container port gets. On the bridge the ports go to the engine as
 * docker's {@code -p} values and the host side is read back from the container's network record (a host
 * port of 0 is picked there); on the host network a container's ports are the host's, so the mapping is
 * the identity and another host port is refused.
 */
final class PortPlan {
    private PortPlan() {
    }

    /** The {@code -p} values to ask the engine for (bridge only); checks the bindings fit the network. */
    static List<String> publishFlags(List<ContainerSpec.PortBinding> bindings, Network net) {
        List<String> flags = new ArrayList<>();
        for (ContainerSpec.PortBinding b : bindings) {
            switch (net) {
                case NONE -> throw new ContainerLaunchException("publish(" + b.containerPort() + "): a container on "
                        + "network none has no ports to publish");
                case HOST -> {
                    if (b.hostPort() != 0 && b.hostPort() != b.containerPort()) {
                        throw new ContainerLaunchException("publish(" + b.hostPort() + ", " + b.containerPort()
                                + "): on the host network a container port is the host port; use the bridge network "
                                + "to map " + b.containerPort() + " to " + b.hostPort());
                    }
                }
                case BRIDGE -> flags.add(b.hostPort() == 0 ? Integer.toString(b.containerPort())
                        : b.hostPort() + ":" + b.containerPort());
            }
        }
        return flags;
    }

    /** Container port to host port, in the order asked for; record is the bridge's (null on other networks). */
    static Map<Integer, Integer> mapped(List<ContainerSpec.PortBinding> bindings, Network net, NetworkRecord record) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (ContainerSpec.PortBinding b : bindings) {
            out.put(b.containerPort(), net == Network.BRIDGE ? hostPort(b, record) : b.containerPort());
        }
        return out;
    }

    private static int hostPort(ContainerSpec.PortBinding b, NetworkRecord record) {
        if (record != null) {
            for (PortMapping m : record.ports()) {
                if (m.containerPort() == b.containerPort() && m.protocol().equals("tcp")
                        && (b.hostPort() == 0 || m.hostPort() == b.hostPort()) && m.hostPort() != 0) {
                    return m.hostPort();
                }
            }
        }
        throw new ContainerLaunchException("container port " + b.containerPort() + " has no host port in the "
                + "container's network record");
    }
}
