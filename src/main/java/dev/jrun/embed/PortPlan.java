package dev.jrun.embed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which host port each published container port gets. On the host network a container's ports are the
 * host's, so the mapping is the identity and a different host port is refused; with bridge networking
 * (not in this build yet) the host side comes from the port-forwarding setup.
 */
final class PortPlan {
    private PortPlan() {
    }

    /** container port to host port, in the order asked for. */
    static Map<Integer, Integer> resolve(List<ContainerSpec.PortBinding> bindings, Network net) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (ContainerSpec.PortBinding b : bindings) {
            if (net == Network.NONE) {
                throw new ContainerLaunchException("publish(" + b.containerPort() + "): a container on network none "
                        + "has no ports to publish");
            }
            if (b.hostPort() != 0 && b.hostPort() != b.containerPort()) {
                throw new ContainerLaunchException("publish(" + b.hostPort() + ", " + b.containerPort() + "): on the host "
                        + "network a container port is the host port; this build has no bridge network to map "
                        + b.containerPort() + " to " + b.hostPort());
            }
            out.put(b.containerPort(), b.containerPort());
        }
        return out;
    }
}
