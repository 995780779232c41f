package dev.jrun.runtime.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jrun.JrunException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code linux}: namespaces, cgroup resources, masked and read-only paths, sysctls. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Linux(
        List<Namespace> namespaces,
        Resources resources,
        String cgroupsPath,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        Map<String, String> sysctl,
        String rootfsPropagation) {

    public Linux {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        maskedPaths = maskedPaths == null ? List.of() : List.copyOf(maskedPaths);
        readonlyPaths = readonlyPaths == null ? List.of() : List.copyOf(readonlyPaths);
        sysctl = sysctl == null ? null : Map.copyOf(sysctl);
    }

    public static Linux empty() {
        return new Linux(null, null, null, null, null, null, null);
    }

    public boolean hasNamespace(String type) {
        for (Namespace n : namespaces) {
            if (n.type().equals(type) && n.path() == null) {
                return true;
            }
        }
        return false;
    }

    public Resources resourcesOrEmpty() {
        return resources != null ? resources : new Resources(null, null, null);
    }

    /** type is one of pid, network, mount, ipc, uts, user, cgroup, time; path joins an existing one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Namespace(String type, String path) {
        static final Set<String> TYPES = Set.of("pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time");

        public Namespace {
            if (!TYPES.contains(type)) {
                throw new JrunException("unknown namespace type \"" + type + "\"; want one of " + TYPES);
            }
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Resources(Memory memory, Cpu cpu, Pids pids) {
        public boolean nothingSet() {
            return memory == null && cpu == null && pids == null;
        }
    }

    /** Bytes; swap is memory+swap as in the spec (and docker's --memory-swap); -1 means unlimited. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Memory(Long limit, Long swap) {
    }

    /** CFS quota and period in microseconds, shares as cgroup v1 cpu.shares. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Cpu(Long shares, Long quota, Long period) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Pids(long limit) {
    }
}
