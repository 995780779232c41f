package dev.jrun.runtime;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.Mount;
import dev.jrun.runtime.spec.Spec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three files docker writes for every container and bind-mounts over the image's:
 * /etc/hostname, /etc/hosts and /etc/resolv.conf. Pure: contents in, contents out; the caller
 * writes them into the container's directory and passes their paths to {@link #mounts}.
 */
public final class EtcFiles {
    static final String LOCALHOST = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    private EtcFiles() {
    }

    public static String hostname(String hostname) {
        return hostname + "\n";
    }

    /** docker: the host's file with --network host, else the localhost entries (plus the container's address when it has one). */
    public static String hosts(String network, String hostHosts, String hostname, String address) {
        if ("host".equals(network)) {
            return hostHosts == null ? LOCALHOST : hostHosts;
        }
        return address == null ? LOCALHOST : LOCALHOST + address + "\t" + hostname + "\n";
    }

    /**
     * docker: the host's resolv.conf; without host networking, nameservers on localhost cannot be
     * reached from the container, so they are dropped, and Google's are used if none remain.
     */
    public static String resolvConf(String network, String hostResolv) {
        String host = hostResolv == null ? "" : hostResolv;
        if ("host".equals(network)) {
            return host;
        }
        StringBuilder b = new StringBuilder();
        boolean nameserver = false;
        for (String line : host.split("\n")) {
            String l = line.strip();
            if (l.startsWith("nameserver")) {
                String[] f = l.split("\\s+");
                if (f.length < 2 || f[1].startsWith("127.") || f[1].equals("::1")) {
                    continue;
                }
                nameserver = true;
            }
            if (!line.isEmpty()) {
                b.append(line).append('\n');
            }
        }
        if (!nameserver) {
            b.append("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        }
        return b.toString();
    }

    /** --add-host HOST:IP entries appended to a hosts file, as docker writes them ("IP\tHOST"). */
    public static String withHosts(String hosts, List<String> addHosts) {
        StringBuilder b = new StringBuilder(hosts);
        for (String a : addHosts) {
            int colon = a.indexOf(':');
            if (colon <= 0 || colon == a.length() - 1) {
                throw new JrunException("invalid --add-host \"" + a + "\": want HOST:IP");
            }
            String ip = a.substring(colon + 1);
            if (ip.equals("host-gateway")) {
                throw new JrunException("invalid --add-host \"" + a + "\": host-gateway is not supported; give an address");
            }
            if (!ip.matches("[0-9a-fA-F:.]+")) {
                throw new JrunException("invalid --add-host \"" + a + "\": \"" + ip + "\" is not an IP address");
            }
            b.append(ip).append('\t').append(a, 0, colon).append('\n');
        }
        return b.toString();
    }

    /** --dns servers replace the nameserver lines of resolv.conf (search and options stay), as docker does. */
    public static String withDns(String resolv, List<String> dns) {
        if (dns.isEmpty()) {
            return resolv;
        }
        StringBuilder b = new StringBuilder();
        for (String line : resolv.split("\n")) {
            if (!line.strip().startsWith("nameserver") && !line.isEmpty()) {
                b.append(line).append('\n');
            }
        }
        for (String d : dns) {
            if (!d.matches("[0-9a-fA-F:.]+")) {
                throw new JrunException("invalid --dns \"" + d + "\": not an IP address");
            }
            b.append("nameserver ").append(d).append('\n');
        }
        return b.toString();
    }

    /** The spec with the three files bind-mounted (read-write, as docker does) over the image's. */
    public static Spec mounts(Spec spec, Path hostname, Path hosts, Path resolvConf) {
        List<Mount> m = new ArrayList<>(spec.mounts());
        m.add(new Mount("/etc/hostname", "bind", hostname.toString(), List.of("rbind", "rprivate")));
        m.add(new Mount("/etc/hosts", "bind", hosts.toString(), List.of("rbind", "rprivate")));
        m.add(new Mount("/etc/resolv.conf", "bind", resolvConf.toString(), List.of("rbind", "rprivate")));
        return spec.withMounts(m);
    }
}
