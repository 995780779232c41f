package dev.jrun.runtime;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Process;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process {@code jrun exec} starts in a running container, from the container's own process (its
 * env, user, cwd, capabilities, no_new_privs, rlimits) and exec's flags, with docker's rules: env is the
 * container's plus -e; -u is resolved in the container's /etc/passwd and sets HOME; root gets the
 * container's capabilities (all with --privileged), other users none; -t adds TERM=xterm. Pure.
 */
public final class ExecSpec {

    /**
     * exec's flags; null user/workdir keep the container's.
     *
     * @param env -e NAME=value, or NAME (value from the host's environment, dropped when unset there)
     */
    public record Options(List<String> command, List<String> env, String user, String workdir, boolean tty,
                          boolean privileged) {
        public Options {
            if (command == null || command.isEmpty()) {
                throw new JrunException("exec needs a command to run in the container");
            }
            command = List.copyOf(command);
            env = env == null ? List.of() : List.copyOf(env);
        }
    }

    private ExecSpec() {
    }

    /**
     * @param container the container's process (from its runtime spec)
     * @param passwd    the container's /etc/passwd (null: none), for -u
     * @param group     the container's /etc/group (null: none)
     */
    public static Process process(Process container, Options o, String passwd, String group,
                                  Map<String, String> hostEnv) {
        Process.User user = container.user();
        String home = null;
        if (o.user() != null) {
            UserResolver.ResolvedUser u = UserResolver.resolve(o.user(), passwd, group);
            user = new Process.User(u.uid(), u.gid(), container.user().umask(),
                    u.additionalGids().isEmpty() ? null : u.additionalGids());
            home = u.home();
        }
        String cwd = o.workdir() != null ? o.workdir() : container.cwd();
        if (!cwd.startsWith("/")) {
            throw new JrunException("invalid working directory \"" + cwd + "\": must be an absolute path");
        }
        Process.Capabilities caps = capabilities(container.capabilities(), user.uid(), o.privileged());
        return new Process(o.tty() ? Boolean.TRUE : null, user, o.command(),
                env(container.env(), o, home, hostEnv), cwd, caps, container.rlimits(),
                o.privileged() ? null : container.noNewPrivileges());
    }

    static List<String> env(List<String> container, Options o, String home, Map<String, String> hostEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : container) {
            put(env, e);
        }
        if (home != null) {
            env.put("HOME", home);
        }
        if (o.tty()) {
            env.putIfAbsent("TERM", "xterm");
        }
        SpecBuilder.applyEnvFlags(env, o.env(), hostEnv);
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static void put(Map<String, String> env, String kv) {
        int eq = kv.indexOf('=');
        if (eq < 0) {
            env.put(kv, "");
        } else {
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
    }

    /** The container's bounding set (all with --privileged): effective and permitted for root, none for others. */
    static Process.Capabilities capabilities(Process.Capabilities container, long uid, boolean privileged) {
        List<String> bounding = privileged ? CapabilityNames.ALL
                : container == null ? CapabilityNames.ALL : container.bounding();
        List<String> eff = uid == 0 ? bounding : List.of();
        return new Process.Capabilities(bounding, eff, List.of(), eff, List.of());
    }
}
