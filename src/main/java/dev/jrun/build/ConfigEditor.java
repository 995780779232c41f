package dev.jrun.build;

import dev.jrun.image.ImageConfig.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A mutable copy of a {@link ContainerConfig} for the builder's instructions to edit. */
final class ConfigEditor {
    String user;
    Map<String, Object> exposedPorts;
    List<String> env;
    List<String> entrypoint;
    List<String> cmd;
    Map<String, Object> volumes;
    String workingDir;
    Map<String, String> labels;
    String stopSignal;
    Boolean argsEscaped;
    Map<String, Object> healthcheck;
    List<String> onBuild;
    List<String> shell;

    ConfigEditor(ContainerConfig c) {
        user = c.user();
        exposedPorts = c.exposedPorts() == null ? null : new TreeMap<>(c.exposedPorts());
        env = c.env() == null ? null : new ArrayList<>(c.env());
        entrypoint = c.entrypoint();
        cmd = c.cmd();
        volumes = c.volumes() == null ? null : new TreeMap<>(c.volumes());
        workingDir = c.workingDir();
        labels = c.labels() == null ? null : new TreeMap<>(c.labels());
        stopSignal = c.stopSignal();
        argsEscaped = c.argsEscaped();
        healthcheck = c.healthcheck();
        onBuild = c.onBuild() == null ? null : new ArrayList<>(c.onBuild());
        shell = c.shell();
    }

    ContainerConfig build() {
        return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                argsEscaped, healthcheck, onBuild, shell);
    }

    void setEnv(String key, String value) {
        if (env == null) {
            env = new ArrayList<>();
        }
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).startsWith(key + "=")) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    void label(String key, String value) {
        if (labels == null) {
            labels = new TreeMap<>();
        }
        labels.put(key, value);
    }

    void expose(String port) {
        if (exposedPorts == null) {
            exposedPorts = new TreeMap<>();
        }
        exposedPorts.put(port, new LinkedHashMap<>());
    }

    void volume(String v) {
        if (volumes == null) {
            volumes = new TreeMap<>();
        }
        volumes.put(v, new LinkedHashMap<>());
    }

    void onBuild(String expression) {
        if (onBuild == null) {
            onBuild = new ArrayList<>();
        }
        onBuild.add(expression);
    }
}
