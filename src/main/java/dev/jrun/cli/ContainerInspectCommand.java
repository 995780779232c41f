package dev.jrun.cli;

import dev.jrun.api.ContainerNetwork;
import dev.jrun.api.Jrun;
import dev.jrun.api.Monitor;
import dev.jrun.image.Json;
import dev.jrun.network.PortViews;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerRecord;
import dev.jrun.runtime.ContainerState;
import dev.jrun.runtime.ContainerStatus;
import dev.jrun.runtime.RunOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", description = "Display detailed information on one or more containers, as JSON.")
class ContainerInspectCommand extends StoreCommand {
    @Option(names = {"-f", "--format"}, description = "A template such as '{{.State.Pid}}' or '{{json .Config}}'.")
    String format;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> names;

    @Override
    int execute() {
        List<Map<String, Object>> views = new ArrayList<>();
        for (String n : names) {
            views.add(view(jrun(), jrun().containers().resolve(n)));
        }
        print(views);
        return 0;
    }

    void print(List<Map<String, Object>> views) {
        if (format != null) {
            views.forEach(v -> out().println(Template.render(format, ImageViews.tree(v))));
        } else {
            out().println(Json.pretty(views));
        }
    }

    /** docker's container inspect shape, with what jrun knows. */
    static Map<String, Object> view(Jrun jrun, Container c) {
        ContainerRecord r = c.record();
        ContainerState s = c.state();
        RunOptions o = Monitor.runFile(jrun, c).options();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("Status", s.status().dockerName());
        state.put("Running", s.status() == ContainerStatus.RUNNING);
        state.put("Paused", s.status() == ContainerStatus.PAUSED);
        state.put("Restarting", false);
        state.put("OOMKilled", false);
        state.put("Dead", false);
        state.put("Pid", s.pid());
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error() == null ? "" : s.error());
        state.put("StartedAt", s.startedAt() == null ? "0001-01-01T00:00:00Z" : s.startedAt());
        state.put("FinishedAt", s.finishedAt() == null ? "0001-01-01T00:00:00Z" : s.finishedAt());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("Hostname", r.hostname());
        config.put("User", r.user() == null ? "" : r.user());
        config.put("Tty", o.tty());
        config.put("Env", r.env());
        List<String> cmd = new ArrayList<>();
        if (r.path() != null) {
            cmd.add(r.path());
        }
        cmd.addAll(r.args());
        config.put("Cmd", cmd);
        config.put("Image", r.imageName());
        config.put("WorkingDir", r.workingDir() == null ? "" : r.workingDir());
        config.put("Labels", r.labels() == null ? Map.of() : r.labels());
        if (r.stopSignal() != null) {
            config.put("StopSignal", r.stopSignal());
        }
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("AutoRemove", r.autoRemove());
        host.put("NetworkMode", o.network() == null ? "none" : o.network());
        host.put("PortBindings", o.networkFlags().publish());
        host.put("PublishAllPorts", o.networkFlags().publishAll());
        host.put("Dns", o.networkFlags().dns());
        host.put("ExtraHosts", o.networkFlags().addHosts());
        host.put("Privileged", o.privileged());
        host.put("ReadonlyRootfs", o.readOnly());
        host.put("Binds", o.volumes());
        List<Map<String, Object>> mounts = new ArrayList<>();
        for (String v : o.volumes()) {
            String[] p = v.split(":");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Type", "bind");
            m.put("Source", p[0]);
            m.put("Destination", p.length > 1 ? p[1] : p[0]);
            m.put("RW", !(p.length > 2 && p[2].contains("ro")));
            mounts.add(m);
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Id", r.id());
        v.put("Created", r.created());
        v.put("Path", r.path() == null ? "" : r.path());
        v.put("Args", r.args());
        v.put("State", state);
        v.put("Image", r.image());
        v.put("LogPath", Monitor.logPath(jrun, r.id()).toString());
        v.put("Name", "/" + r.name());
        v.put("RestartCount", 0);
        v.put("Driver", "overlay");
        v.put("HostConfig", host);
        v.put("Mounts", mounts);
        v.put("Config", config);
        v.put("NetworkSettings", PortViews.networkSettings(ContainerNetwork.read(jrun, r.id()),
                ContainerNetwork.sandboxKey(jrun, r.id())));
        return v;
    }
}
