package dev.jrun.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkRulesTest {
    private final NetworkRules rules = new NetworkRules("jrun", "jrun0", "10.89.0.0/16");

    @Test
    void masqueradeLeavingTheBridgeAndForwardingFirstInTheChain() {
        List<NetworkRules.Rule> r = rules.rules();
        assertEquals(List.of("iptables", "-w", "-t", "nat", "-A", "POSTROUTING", "-s", "10.89.0.0/16", "!", "-o", "jrun0",
                "-m", "comment", "--comment", "jrun network jrun", "-j", "MASQUERADE"), r.get(0).add());
        assertEquals(List.of("iptables", "-w", "-t", "filter", "-I", "FORWARD", "1", "-i", "jrun0", "-m", "comment",
                "--comment", "jrun network jrun", "-j", "ACCEPT"), r.get(1).add());
        assertEquals(List.of("iptables", "-w", "-t", "filter", "-C", "FORWARD", "-o", "jrun0", "-m", "conntrack",
                "--ctstate", "RELATED,ESTABLISHED", "-m", "comment", "--comment", "jrun network jrun", "-j", "ACCEPT"),
                r.get(2).check());
        assertEquals(List.of("iptables", "-w", "-t", "filter", "-D", "FORWARD", "-i", "jrun0", "-m", "comment",
                "--comment", "jrun network jrun", "-j", "ACCEPT"), r.get(1).delete());
        assertEquals(3, r.size());
    }
}
