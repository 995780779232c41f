package dev.jrun.network;

import java.util.ArrayList;
import java.util.List;

/**
 * The NAT and forwarding rules of a whole bridge network, as docker has for docker0: one MASQUERADE for
 * the subnet's traffic leaving by another interface, and FORWARD accepts for what comes from the bridge
 * and for replies going to it. jrun adds them once per network (when a conflist says
 * {@code "jrunNetworkRules": true}, as the default one does) instead of the bridge plugin's ipMasq and the
 * firewall plugin adding the same per container.
 *
 * <p>Why: those per-container rules cost a chain and 7 iptables runs in the bridge plugin's ADD, 5 in its
 * DEL, and the firewall plugin (a process, 8 iptables runs in ADD, 4 in DEL): traced at load 10, 100-150 ms
 * of the ADD and 110-150 ms of the DEL, on the path of every run. The network's rules stay while the
 * network does (docker's stay with docker0); a container leaves only what portmap adds for its ports,
 * and portmap removes that. Pure: the rule specs and the iptables commands; ContainerNetwork runs them.
 */
public record NetworkRules(String network, String bridge, String subnet) {
    /** One rule: its table and chain, whether it goes first in the chain (-I) or last (-A), its match and target. */
    public record Rule(String table, String chain, boolean first, List<String> spec) {
        public List<String> check() {
            return command("-C");
        }

        public List<String> add() {
            return command(first ? "-I" : "-A");
        }

        public List<String> delete() {
            return command("-D");
        }

        private List<String> command(String op) {
            List<String> c = new ArrayList<>(List.of("iptables", "-w", "-t", table, op, chain));
            if (op.equals("-I")) {
                c.add("1");
            }
            c.addAll(spec);
            return c;
        }
    }

    /** The comment every rule carries, so a dump shows whose it is. */
    public String comment() {
        return "jrun network " + network;
    }

    public List<Rule> rules() {
        List<String> tag = List.of("-m", "comment", "--comment", comment());
        return List.of(
                // outbound NAT for the subnet, except traffic that stays on the bridge
                new Rule("nat", "POSTROUTING", false, join(List.of("-s", subnet, "!", "-o", bridge), tag,
                        List.of("-j", "MASQUERADE"))),
                // first in FORWARD, so a host whose policy is DROP (or that ends FORWARD in a REJECT) forwards
                // the containers' traffic and its replies
                new Rule("filter", "FORWARD", true, join(List.of("-i", bridge), tag, List.of("-j", "ACCEPT"))),
                new Rule("filter", "FORWARD", true, join(List.of("-o", bridge, "-m", "conntrack", "--ctstate",
                        "RELATED,ESTABLISHED"), tag, List.of("-j", "ACCEPT"))));
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
