package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkCongestionTest {
    @Test
    void onlyWhereTheHostDefaultIsBbrAndCubicIsThere() {
        assertTrue(LinkCongestion.wanted("bbr\n", "reno bbr cubic\n"));
        assertTrue(LinkCongestion.wanted("bbr2", "reno cubic bbr2"));
        assertFalse(LinkCongestion.wanted("cubic\n", "reno cubic bbr"), "cubic already: nothing to change");
        assertFalse(LinkCongestion.wanted("dctcp", "reno cubic dctcp"), "a host's other choice is left alone");
        assertFalse(LinkCongestion.wanted("bbr", "reno bbr"), "no cubic to give");
        assertFalse(LinkCongestion.wanted("bbr", "reno bbr cubicx"));
        assertFalse(LinkCongestion.wanted(null, null));
    }

    @Test
    void theKernelsRouteToTheSubnetIsChangedInPlace() {
        CniResult a = new CniResult("10.89.3.7", 16, "10.89.0.1", "aa:bb:cc:dd:ee:ff");
        assertEquals("10.89.0.0/16", a.subnet());
        assertEquals(List.of("nsenter", "--net=/run/jrun/netns/x", "ip", "-4", "route", "change", "10.89.0.0/16", "dev",
                "eth0", "proto", "kernel", "scope", "link", "src", "10.89.3.7", "congctl", "cubic"),
                LinkCongestion.command("/run/jrun/netns/x", "eth0", a));
        assertEquals("10.232.7.0/24", new CniResult("10.232.7.9", 24, "10.232.7.1", "").subnet());
    }
}
