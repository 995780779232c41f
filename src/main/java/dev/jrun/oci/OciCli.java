package dev.jrun.oci;

import dev.jrun.JrunException;
import dev.jrun.image.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * runc's command line: global options (--root, --log, --log-format, --systemd-cgroup) before the
 * verb, then the verb's options and arguments. Errors go to stderr as "jrun: MESSAGE" (and to --log,
 * as JSON lines with --log-format json); every error exits 1, as runc's do.
 */
public final class OciCli {
    /** Set once create has left its launching thread in clone3 until start (see {@link #launchThreadLeft()}). */
    private static volatile boolean launchThreadLeft;
    private final PrintStream out;
    private final PrintStream err;
    private Path root = StateDir.DEFAULT_ROOT;
    private Path log;
    private boolean jsonLog;

    public OciCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * True once a create of this JVM has returned with its container waiting: the launching thread stays
     * in native code (clone3) until start, and the JVM's exit would wait 300 ms for it, so Main ends the
     * process with exit_group instead (ProcessSignals.exitNow).
     */
    public static boolean launchThreadLeft() {
        return launchThreadLeft;
    }

    /** Runs one command line; returns the exit code. */
    public int run(List<String> argv) {
        try {
            Args a = new Args(argv);
            String verb = globals(a);
            if (verb == null) {
                return 0; // --version
            }
            return verb(verb, a);
        } catch (JrunException e) {
            return fail(e.getMessage());
        } catch (RuntimeException e) {
            return fail(e.toString());
        }
    }

    private String globals(Args a) {
        while (a.hasNext() && a.peek().startsWith("-")) {
            String o = a.next();
            switch (a.name(o)) {
                case "--root" -> root = Path.of(a.value(o));
                case "--log" -> log = Path.of(a.value(o));
                case "--log-format" -> {
                    String f = a.value(o);
                    if (!f.equals("json") && !f.equals("text")) {
                        throw new OciException("invalid log format \"" + f + "\" (text or json)");
                    }
                    jsonLog = f.equals("json");
                }
                case "--systemd-cgroup" -> throw new OciException(
                        "--systemd-cgroup is not supported: jrun manages cgroups through cgroupfs only");
                case "--debug" -> { }
                case "-v", "--version" -> {
                    // runc's shape: podman info and containerd show the first line
                    out.println("jrun version " + dev.jrun.cli.VersionCommand.VERSION);
                    out.println("spec: " + dev.jrun.runtime.spec.Spec.VERSION);
                    return null;
                }
                case "--rootless" -> {
                    String v = a.value(o);
                    if (v.equals("true")) {
                        throw new OciException("--rootless=true: rootless containers are not supported by jrun oci");
                    }
                }
                default -> throw new OciException("unknown global option " + o);
            }
        }
        if (!a.hasNext()) {
            throw new OciException("no command given; want one of spec, create, start, run, state, list, ps, kill, "
                    + "delete, pause, resume, events, update");
        }
        return a.next();
    }

    private int verb(String verb, Args a) {
        OciRuntime rt = new OciRuntime(root);
        switch (verb) {
            case "spec" -> {
                Path bundle = Path.of(".");
                while (a.hasNext()) {
                    String o = a.next();
                    switch (a.name(o)) {
                        case "-b", "--bundle" -> bundle = Path.of(a.value(o));
                        case "--rootless" -> throw new OciException("spec --rootless: rootless containers are not supported");
                        default -> throw new OciException("spec: unexpected argument " + o);
                    }
                }
                DefaultSpec.write(bundle);
                return 0;
            }
            case "run" -> {
                Path bundle = Path.of(".");
                boolean detach = false;
                Path pidFile = null;
                Path console = null;
                String id = null;
                while (a.hasNext()) {
                    String o = a.next();
                    switch (o.startsWith("-") ? a.name(o) : "") {
                        case "-b", "--bundle" -> bundle = Path.of(a.value(o));
                        case "-d", "--detach" -> detach = true;
                        case "--pid-file" -> pidFile = Path.of(a.value(o));
                        case "--console-socket" -> console = Path.of(a.value(o));
                        case "--no-pivot", "--no-new-keyring", "--no-subreaper" -> { }
                        case "" -> id = single(id, o, "run");
                        default -> throw new OciException("run: unsupported option " + o);
                    }
                }
                return rt.run(bundle, required(id, "run"), detach, pidFile, console);
            }
            case "create" -> {
                Path bundle = Path.of(".");
                Path pidFile = null;
                Path console = null;
                String id = null;
                while (a.hasNext()) {
                    String o = a.next();
                    switch (o.startsWith("-") ? a.name(o) : "") {
                        case "-b", "--bundle" -> bundle = Path.of(a.value(o));
                        case "--pid-file" -> pidFile = Path.of(a.value(o));
                        case "--console-socket" -> console = Path.of(a.value(o));
                        case "--no-pivot", "--no-new-keyring" -> { }
                        case "" -> id = single(id, o, "create");
                        default -> throw new OciException("create: unsupported option " + o);
                    }
                }
                rt.create(bundle, required(id, "create"), pidFile, console);
                launchThreadLeft = true;
                return 0;
            }
            case "start" -> {
                rt.start(onlyId(a, "start"));
                return 0;
            }
            case "ps" -> {
                boolean json = false;
                String id = null;
                List<String> psArgs = new ArrayList<>();
                while (a.hasNext()) {
                    String o = a.next();
                    if (id != null) {
                        psArgs.add(o);
                    } else if (o.startsWith("-") && (a.name(o).equals("-f") || a.name(o).equals("--format"))) {
                        json = a.value(o).equals("json");
                    } else if (o.startsWith("-")) {
                        throw new OciException("ps: unexpected option " + o);
                    } else {
                        id = o;
                    }
                }
                List<Integer> pids = rt.pids(required(id, "ps"));
                if (json) {
                    out.println(new String(Json.bytes(pids), StandardCharsets.UTF_8));
                } else {
                    OciViews.ps(out, pids, psArgs.isEmpty() ? List.of("-ef") : psArgs);
                }
                return 0;
            }
            case "state" -> {
                String id = onlyId(a, "state");
                out.println(OciViews.pretty(Json.bytes(rt.state(id).printable())));
                return 0;
            }
            case "list" -> {
                boolean quiet = false;
                boolean json = false;
                while (a.hasNext()) {
                    String o = a.next();
                    switch (a.name(o)) {
                        case "-q", "--quiet" -> quiet = true;
                        case "-f", "--format" -> json = a.value(o).equals("json");
                        default -> throw new OciException("list: unexpected argument " + o);
                    }
                }
                OciViews.list(out, rt.list(), quiet, json);
                return 0;
            }
            case "kill" -> {
                boolean all = false;
                List<String> pos = new ArrayList<>();
                while (a.hasNext()) {
                    String o = a.next();
                    if (o.equals("-a") || o.equals("--all")) {
                        all = true;
                    } else if (o.startsWith("-") && pos.isEmpty()) {
                        throw new OciException("kill: unexpected option " + o);
                    } else {
                        pos.add(o);
                    }
                }
                if (pos.isEmpty() || pos.size() > 2) {
                    throw new OciException("kill: want ID [SIGNAL]");
                }
                rt.kill(pos.get(0), SignalNames.parse(pos.size() == 2 ? pos.get(1) : "TERM"), all);
                return 0;
            }
            case "delete" -> {
                boolean force = false;
                String id = null;
                while (a.hasNext()) {
                    String o = a.next();
                    if (o.equals("-f") || o.equals("--force")) {
                        force = true;
                    } else if (o.startsWith("-")) {
                        throw new OciException("delete: unexpected option " + o);
                    } else {
                        id = single(id, o, "delete");
                    }
                }
                rt.delete(required(id, "delete"), force);
                return 0;
            }
            case "exec" -> {
                return OciExec.run(rt, a);
            }
            case "pause" -> {
                rt.pause(onlyId(a, "pause"));
                return 0;
            }
            case "resume" -> {
                rt.resume(onlyId(a, "resume"));
                return 0;
            }
            case "events" -> {
                return new OciCgroupVerbs(rt, out, System.in).events(a);
            }
            case "update" -> {
                return new OciCgroupVerbs(rt, out, System.in).update(a);
            }
            case "checkpoint", "restore", "features" ->
                    throw new OciException(verb + " is not supported by jrun oci yet (spec, create, start, run, exec, "
                            + "state, list, ps, kill, delete, pause, resume, events --stats, update are)");
            default -> throw new OciException("unknown command \"" + verb + "\"");
        }
    }

    private static String onlyId(Args a, String verb) {
        String id = null;
        while (a.hasNext()) {
            id = single(id, a.next(), verb);
        }
        return required(id, verb);
    }

    static String single(String have, String arg, String verb) {
        if (have != null) {
            throw new OciException(verb + ": unexpected argument " + arg + " (one container id expected)");
        }
        return arg;
    }

    static String required(String id, String verb) {
        if (id == null) {
            throw new OciException("\"" + verb + "\" requires exactly 1 argument (the container id)");
        }
        return id;
    }

    private int fail(String message) {
        err.println("jrun: " + message);
        if (log != null) {
            Map<String, String> entry = Map.of("level", "error", "msg", message, "time", Instant.now().toString());
            String line = jsonLog
                    ? new String(Json.bytes(entry), StandardCharsets.UTF_8)
                    : "time=\"" + Instant.now() + "\" level=error msg=\"" + message.replace("\"", "\\\"") + "\"";
            try {
                Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                err.println("jrun: write log " + log + ": " + e);
            }
        }
        return 1;
    }

    /** Arguments with "--opt=value" and "--opt value" forms. */
    static final class Args {
        private final List<String> args;
        private int i;
        private String inline;

        Args(List<String> args) {
            this.args = List.copyOf(args);
        }

        boolean hasNext() {
            return i < args.size();
        }

        String peek() {
            return args.get(i);
        }

        String next() {
            return args.get(i++);
        }

        /** The option's name; remembers an "=value" part for value(). */
        String name(String o) {
            int eq = o.indexOf('=');
            inline = eq > 0 && o.startsWith("-") ? o.substring(eq + 1) : null;
            return eq > 0 && o.startsWith("-") ? o.substring(0, eq) : o;
        }

        String value(String o) {
            if (inline != null) {
                return inline;
            }
            if (!hasNext()) {
                throw new OciException("option " + o + " needs a value");
            }
            return next();
        }
    }
}
