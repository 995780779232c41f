package dev.jrun.runtime.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;

/** {@code process}: what to execute, as whom, with which capabilities and limits. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Process(
        Boolean terminal,
        User user,
        List<String> args,
        List<String> env,
        String cwd,
        Capabilities capabilities,
        List<Rlimit> rlimits,
        Boolean noNewPrivileges) {

    public Process {
        if (args == null || args.isEmpty()) {
            throw new JrunException("runtime spec process without args");
        }
        if (cwd == null || !cwd.startsWith("/")) {
            throw new JrunException("process cwd \"" + cwd + "\" is not an absolute path");
        }
        args = List.copyOf(args);
        env = env == null ? List.of() : List.copyOf(env);
        user = user == null ? new User(0, 0, null, null) : user;
        rlimits = rlimits == null ? List.of() : List.copyOf(rlimits);
    }

    public boolean terminalOrFalse() {
        return Boolean.TRUE.equals(terminal);
    }

    public boolean noNewPrivilegesOrFalse() {
        return Boolean.TRUE.equals(noNewPrivileges);
    }

    public Process withArgs(List<String> a) {
        return new Process(terminal, user, a, env, cwd, capabilities, rlimits, noNewPrivileges);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(long uid, long gid, Integer umask, List<Long> additionalGids) {
        public User {
            additionalGids = additionalGids == null ? null : List.copyOf(additionalGids);
        }

        public List<Long> additionalGidsOrEmpty() {
            return additionalGids == null ? List.of() : additionalGids;
        }
    }

    /** Capability names as in the spec: {@code CAP_CHOWN}, ... */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Capabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {
        public Capabilities {
            bounding = bounding == null ? List.of() : List.copyOf(bounding);
            effective = effective == null ? List.of() : List.copyOf(effective);
            inheritable = inheritable == null ? List.of() : List.copyOf(inheritable);
            permitted = permitted == null ? List.of() : List.copyOf(permitted);
            ambient = ambient == null ? List.of() : List.copyOf(ambient);
        }
    }

    /** {@code RLIMIT_NOFILE}, ... with hard and soft values. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rlimit(String type, long hard, long soft) {
        public Rlimit {
            if (type == null || !type.startsWith("RLIMIT_")) {
                throw new JrunException("invalid rlimit type \"" + type + "\"");
            }
        }
    }
}
