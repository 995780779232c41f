package dev.jrun.build;

import dev.jrun.dockerfile.HealthConfig;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.image.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instructions that only change the image config: ENV, ARG, LABEL, EXPOSE, USER, VOLUME, SHELL,
 * STOPSIGNAL, HEALTHCHECK, ONBUILD, CMD, ENTRYPOINT, MAINTAINER. Values are expanded with the stage's
 * ENV and ARGs (as docker does; CMD, ENTRYPOINT, SHELL, HEALTHCHECK and ONBUILD are not expanded).
 * History texts are buildkit's: the instruction with its expanded arguments ({@code ENV A=b}).
 */
final class MetadataStep {
    private MetadataStep() {
    }

    static Step prepare(BuildSession b, StageState s, Instruction i) {
        ConfigEditor c = new ConfigEditor(s.config);
        Map<String, String> inputs = new TreeMap<>();
        String text;
        if (i instanceof Instruction.Env env) {
            List<String> parts = new ArrayList<>();
            List<String[]> values = new ArrayList<>();
            for (Instruction.KeyValue kv : env.pairs()) {
                String v = b.expand(i, s, kv.value());
                values.add(new String[] {kv.key(), v});
                parts.add(kv.key() + "=" + v);
            }
            values.forEach(kv -> c.setEnv(kv[0], kv[1]));
            text = "ENV " + String.join(" ", parts);
        } else if (i instanceof Instruction.Arg arg) {
            List<String> parts = new ArrayList<>();
            for (Instruction.ArgDecl d : arg.args()) {
                String def = d.defaultValue() == null ? null : b.expand(i, s, d.defaultValue());
                String value = b.args.declare(d.name(), def);
                s.args.put(d.name(), value);
                inputs.put("arg:" + d.name(), value == null ? "<unset>" : value);
                parts.add(d.defaultValue() == null ? d.name() : d.name() + "=" + d.defaultValue());
            }
            return new Step("ARG " + String.join(" ", parts), inputs, false,
                    () -> new Step.Outcome(null, s.config));
        } else if (i instanceof Instruction.Label label) {
            List<String> parts = new ArrayList<>();
            for (Instruction.KeyValue kv : label.pairs()) {
                String k = b.expand(i, s, kv.key());
                String v = b.expand(i, s, kv.value());
                c.label(k, v);
                parts.add(k + "=" + v);
            }
            text = "LABEL " + String.join(" ", parts);
        } else if (i instanceof Instruction.Expose ex) {
            List<String> ports = new ArrayList<>();
            for (String p : ex.ports()) {
                for (String one : b.expand(i, s, p).split("\\s+")) {
                    if (!one.isEmpty()) {
                        ports.addAll(ports(b, i, one));
                    }
                }
            }
            ports.forEach(c::expose);
            text = "EXPOSE " + String.join(" ", ports);
        } else if (i instanceof Instruction.User u) {
            c.user = b.expand(i, s, u.user());
            text = "USER " + c.user;
        } else if (i instanceof Instruction.Volume v) {
            List<String> vols = new ArrayList<>();
            for (String one : v.volumes()) {
                String e = b.expand(i, s, one);
                if (e.isBlank()) {
                    throw b.error(i, "VOLUME specified can not be an empty string");
                }
                vols.add(e);
                c.volume(e);
            }
            text = "VOLUME " + json(vols);
        } else if (i instanceof Instruction.Shell sh) {
            c.shell = sh.shell();
            text = "SHELL " + json(sh.shell());
        } else if (i instanceof Instruction.StopSignal sig) {
            c.stopSignal = b.expand(i, s, sig.signal());
            text = "STOPSIGNAL " + c.stopSignal;
        } else if (i instanceof Instruction.Healthcheck hc) {
            c.healthcheck = health(hc.config());
            text = "HEALTHCHECK " + json(hc.config().test());
        } else if (i instanceof Instruction.Onbuild ob) {
            c.onBuild(ob.expression());
            text = "ONBUILD " + ob.expression();
        } else if (i instanceof Instruction.Cmd cmd) {
            c.cmd = command(s, cmd.command(), cmd.shellForm());
            text = "CMD " + json(c.cmd);
        } else if (i instanceof Instruction.Entrypoint ep) {
            c.entrypoint = command(s, ep.command(), ep.shellForm());
            if (s.stageSetCmd) {
                text = "ENTRYPOINT " + json(c.entrypoint);
            } else {
                c.cmd = null; // docker: ENTRYPOINT resets a CMD inherited from the base image
                text = "ENTRYPOINT " + json(c.entrypoint);
            }
        } else if (i instanceof Instruction.Maintainer m) {
            text = "MAINTAINER " + m.maintainer();
        } else {
            throw b.error(i, "not a metadata instruction: " + i.getClass().getSimpleName());
        }
        if (i instanceof Instruction.Cmd) {
            s.stageSetCmd = true;
        }
        return Step.metadata(text, inputs, c.build());
    }

    static List<String> command(StageState s, List<String> command, boolean shellForm) {
        if (!shellForm) {
            return command.isEmpty() ? List.of() : command;
        }
        List<String> out = new ArrayList<>(s.shell());
        out.add(command.get(0));
        return out;
    }

    /** {@code 80}, {@code 80/udp}, {@code 8000-8002} → the port keys docker stores. */
    static List<String> ports(BuildSession b, Instruction i, String spec) {
        String proto = "tcp";
        String p = spec;
        int slash = spec.indexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
            p = spec.substring(0, slash);
        }
        int colon = p.lastIndexOf(':');
        if (colon >= 0) {
            throw b.error(i, "EXPOSE takes container ports only, not a host mapping: " + spec);
        }
        if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
            throw b.error(i, "invalid proto: " + proto);
        }
        String[] range = p.split("-", -1);
        try {
            int lo = Integer.parseInt(range[0]);
            int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
            if (range.length > 2 || lo < 0 || hi > 65535 || hi < lo) {
                throw new NumberFormatException();
            }
            List<String> out = new ArrayList<>();
            for (int n = lo; n <= hi; n++) {
                out.add(n + "/" + proto);
            }
            return out;
        } catch (NumberFormatException e) {
            throw b.error(i, "invalid containerPort: " + p);
        }
    }

    static Map<String, Object> health(HealthConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Test", h.test());
        putNanos(m, "Interval", h.interval());
        putNanos(m, "Timeout", h.timeout());
        putNanos(m, "StartPeriod", h.startPeriod());
        putNanos(m, "StartInterval", h.startInterval());
        if (h.retries() != 0) {
            m.put("Retries", h.retries());
        }
        return m;
    }

    private static void putNanos(Map<String, Object> m, String key, Duration d) {
        if (d != null && !d.isZero()) {
            m.put(key, d.toNanos());
        }
    }

    static String json(List<String> list) {
        return new String(Json.bytes(list), StandardCharsets.UTF_8);
    }
}
