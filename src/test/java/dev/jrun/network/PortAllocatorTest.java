package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {
    @Test
    void aPortAnotherContainerPublishesIsRefusedByName() {
        PortAllocator a = new PortAllocator((ip, port, proto) -> port);
        List<PortMapping> taken = PortSpecs.parse("5000:80");
        JrunException e = assertThrows(JrunException.class, () -> a.allocate(PortSpecs.parse("5000:8080"), taken));
        assertTrue(e.getMessage().contains("0.0.0.0:5000") && e.getMessage().contains("already allocated"), e.getMessage());
        // another protocol or another address with neither being 0.0.0.0 does not clash
        assertEquals(1, a.allocate(PortSpecs.parse("5000:80/udp"), taken).size());
        assertEquals(1, a.allocate(PortSpecs.parse("127.0.0.2:5000:80"), PortSpecs.parse("127.0.0.1:5000:80")).size());
        assertThrows(JrunException.class, () -> a.allocate(PortSpecs.parse("127.0.0.1:5000:80"), taken));
    }

    @Test
    void theSamePortTwiceInOneRunIsRefused() {
        PortAllocator a = new PortAllocator((ip, port, proto) -> port);
        List<PortMapping> w = new ArrayList<>(PortSpecs.parse("5000:80"));
        w.addAll(PortSpecs.parse("5000:81"));
        assertTrue(assertThrows(JrunException.class, () -> a.allocate(w, List.of())).getMessage()
                .contains("published twice"));
    }

    @Test
    void aPortAHostProcessHoldsIsRefusedAndZeroBecomesAFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int busy = s.getLocalPort();
            JrunException e = assertThrows(JrunException.class, () -> PortAllocator.host()
                    .allocate(PortSpecs.parse("127.0.0.1:" + busy + ":80"), List.of()));
            assertTrue(e.getMessage().contains("127.0.0.1:" + busy) && e.getMessage().contains("in use"), e.getMessage());
        }
        List<PortMapping> got = PortAllocator.host().allocate(PortSpecs.parse("127.0.0.1::80"), List.of());
        assertTrue(got.get(0).hostPort() > 0, got.toString());
    }

    @Test
    void aRandomPortSkipsOnesOtherContainersPublish() {
        int[] next = {4000};
        PortAllocator a = new PortAllocator((ip, port, proto) -> port == 0 ? next[0]++ : port);
        List<PortMapping> got = a.allocate(PortSpecs.parse("80"), PortSpecs.parse("4000:1"));
        assertEquals(4001, got.get(0).hostPort());
    }
}
