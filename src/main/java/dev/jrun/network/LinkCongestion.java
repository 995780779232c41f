package dev.jrun.network;

import java.util.Arrays;
import java.util.List;

/**
 * The TCP congestion control of a container's on-link route (its bridge subnet: the host's gateway
 * address and the other containers). Pure: the decision and the command; ContainerNetwork runs it.
 *
 * <p>Why: where the host's default is BBR, a container's connections to the host over the bridge are BBR
 * too (a new netns inherits the default), and BBR sizes its window from its model of the path: a
 * bandwidth and a round trip of ~20 µs, i.e. a few dozen 1448-byte segments in flight. Every time the
 * receiving process is not scheduled at once the sender runs dry and fires tail-loss probes. Measured
 * (2026-11-27, wrk -t2 -c16 against busybox httpd through -p 127.0.0.1:P:8080, 1 MiB responses, MTU
 * 1500, load 8-12, 12 interleaved rounds): BBR 0.38-0.65x the same server on the host's loopback, 3.4 ms
 * of CPU per request against 2.1 ms direct, 0.5-10 spurious retransmissions per response; CUBIC on the
 * on-link route 0.52-1.05x (median 0.8x), 2.1 ms per request, few spurious. A 65520 MTU with BBR gave
 * 0.5-0.9x. The loopback escapes the problem by its 64 KiB MSS.
 * So the on-link route uses CUBIC (Linux's own default), set per route so that the container's
 * connections to the rest of the world keep the host's choice. Docker sets nothing here; a host whose
 * default is not BBR is left alone.
 */
public final class LinkCongestion {
    public static final String ALGORITHM = "cubic";

    private LinkCongestion() {
    }

    /** True when the host's default is BBR and CUBIC is there to replace it on the link. */
    public static boolean wanted(String hostDefault, String available) {
        return hostDefault != null && hostDefault.strip().startsWith("bbr") && available != null
                && Arrays.asList(available.strip().split("\\s+")).contains(ALGORITHM);
    }

    /**
     * The command that gives the container's kernel route to its subnet the algorithm: the route the
     * kernel made for the address, changed in place (same destination, device, scope and source).
     */
    public static List<String> command(String netnsHandle, String ifname, CniResult address) {
        return List.of("nsenter", "--net=" + netnsHandle, "ip", "-4", "route", "change", address.subnet(), "dev", ifname,
                "proto", "kernel", "scope", "link", "src", address.ip(), "congctl", ALGORITHM);
    }
}
