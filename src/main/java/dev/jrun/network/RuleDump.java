package dev.jrun.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iptables rules CNI plugins added for one container, picked from an {@code iptables-save} dump: the
 * rules whose comment names the container id, and every rule of the per-container chains they jump to
 * (portmap's CNI-DN-*, the bridge plugin's CNI-* masquerade chain). For --explain. Pure.
 */
public final class RuleDump {
    private static final Pattern JUMP = Pattern.compile("-j (CNI-[A-Za-z0-9-]+)");
    private static final Set<String> SHARED = Set.of("CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-MASQ", "CNI-HOSTPORT-SETMARK",
            "CNI-FORWARD", "CNI-ADMIN");

    private RuleDump() {
    }

    public static List<String> forContainer(String dump, String containerId) {
        List<String> lines = dump.lines().filter(l -> l.startsWith("-A ")).toList();
        Set<String> chains = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            if (l.contains(containerId)) {
                out.add(l);
                Matcher m = JUMP.matcher(l);
                if (m.find() && !SHARED.contains(m.group(1))) {
                    chains.add(m.group(1));
                }
            }
        }
        for (String c : chains) {
            for (String l : lines) {
                if (l.startsWith("-A " + c + " ") && !out.contains(l)) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
