package dev.jrun.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.network.NetworkRecord;
import dev.jrun.network.PortMapping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ContainerSpec and BuildSpec are values: each with... makes a new one; bad input fails at once. */
class ContainerSpecTest {
    @Test
    void withMethodsLeaveTheOriginalAlone() {
        ContainerSpec base = ContainerSpec.of("busybox").withEnv("A", "1");
        ContainerSpec web = base.withCommand("httpd", "-f").withEnv("B", "2").publish(8080).withMemory("32m")
                .withVolume(Path.of("/srv"), "/data").withReadOnlyVolume(Path.of("/etc"), "/host-etc")
                .withNetwork(Network.NONE).withName("web").withUser("app").withWorkdir("/tmp").withHostname("h");
        assertEquals(List.of(), base.command());
        assertEquals(Map.of("A", "1"), base.env());
        assertEquals(List.of(), base.ports());
        assertNull(base.network());
        assertEquals(List.of("httpd", "-f"), web.command());
        assertEquals(Map.of("A", "1", "B", "2"), web.env());
        assertEquals(List.of(new ContainerSpec.PortBinding(0, 8080)), web.ports());
        assertEquals(List.of("/srv:/data", "/etc:/host-etc:ro"), web.volumes());
        assertEquals("image busybox, command httpd -f", web.toString());
    }

    @Test
    void badInputFailsWhenTheSpecIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of(" "));
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("b").withEnv("A=B", "x"));
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("b").publish(0));
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("b").publish(70000, 80));
        assertThrows(IllegalArgumentException.class, () -> ContainerSpec.of("b").withVolume(Path.of("/x"), "rel"));
    }

    @Test
    void hostNetworkPortsAreTheContainerPorts() {
        List<ContainerSpec.PortBinding> b = ContainerSpec.of("b").publish(8080).publish(9090, 9090).ports();
        assertEquals(List.of(), PortPlan.publishFlags(b, Network.HOST), "docker ignores -p on the host network");
        assertEquals(Map.of(8080, 8080, 9090, 9090), PortPlan.mapped(b, Network.HOST, null));
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class,
                () -> PortPlan.publishFlags(ContainerSpec.of("b").publish(1, 2).ports(), Network.HOST));
        assertTrue(e.getMessage().contains("publish(1, 2)"), e.getMessage());
        assertThrows(ContainerLaunchException.class,
                () -> PortPlan.publishFlags(ContainerSpec.of("b").publish(2).ports(), Network.NONE));
    }

    @Test
    void bridgePortsComeFromTheNetworkRecord() {
        List<ContainerSpec.PortBinding> b = ContainerSpec.of("b").publish(80).publish(18443, 443).ports();
        assertEquals(List.of("80", "18443:443"), PortPlan.publishFlags(b, Network.BRIDGE));
        NetworkRecord r = new NetworkRecord("bridge", null, null, List.of(new PortMapping(null, 18443, 443, "tcp"),
                new PortMapping(null, 40001, 80, "udp"), new PortMapping(null, 40002, 80, "tcp")), null, null);
        assertEquals(List.of(80, 443), List.copyOf(PortPlan.mapped(b, Network.BRIDGE, r).keySet()));
        assertEquals(Map.of(80, 40002, 443, 18443), PortPlan.mapped(b, Network.BRIDGE, r));
        ContainerLaunchException e = assertThrows(ContainerLaunchException.class,
                () -> PortPlan.mapped(b, Network.BRIDGE, null));
        assertTrue(e.getMessage().contains("container port 80 has no host port"), e.getMessage());
    }

    @Test
    void buildSpecIsAValueToo() {
        List<String> lines = new ArrayList<>();
        BuildSpec a = BuildSpec.of(Path.of("ctx"));
        BuildSpec b = a.withTag("x:1").withBuildArg("K", "V").withTarget("final").withNoCache().onProgress(lines::add);
        assertEquals(Path.of("ctx/Dockerfile"), a.dockerfile());
        assertEquals(List.of(), a.tags());
        assertEquals(List.of("x:1"), b.tags());
        assertEquals(Map.of("K", "V"), b.buildArgs());
        try (var out = LineOutput.to(b.progress())) {
            out.print("step 1\nstep");
            out.print(" 2\nno newline");
        }
        assertEquals(List.of("step 1", "step 2", "no newline"), lines);
    }
}
