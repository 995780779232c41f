package dev.jrun.oci;

import dev.jrun.image.Json;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * runc's {@code exec [--process process.json] [-d] [--pid-file F] [--cwd DIR] [--env K=V]... [--user UID[:GID]]
 * [--additional-gids GID]... [--cap CAP]... [--no-new-privs] ID [COMMAND...]}: the process is the one of
 * process.json as given, or the container's own (config.json) with the command and these changes.
 */
final class OciExec {
    private Path processFile;
    private Path pidFile;
    private Path consoleSocket;
    private boolean detach;
    private boolean tty;
    private String cwd;
    private String user;
    private boolean noNewPrivs;
    private final List<String> env = new ArrayList<>();
    private final List<Long> gids = new ArrayList<>();
    private final List<String> caps = new ArrayList<>();
    private String id;
    private final List<String> command = new ArrayList<>();

    private OciExec() {
    }

    static int run(OciRuntime rt, OciCli.Args a) {
        OciExec e = new OciExec();
        e.parse(a);
        Process base = e.processFile != null ? read(e.processFile) : rt.bundleProcess(e.id);
        Process p = e.processFile != null ? base : e.change(base);
        try (Console console = Console.open(p.terminalOrFalse(), e.consoleSocket)) {
            return rt.exec(e.id, p, e.detach, e.pidFile, console);
        }
    }

    private void parse(OciCli.Args a) {
        while (a.hasNext() && id == null) {
            String o = a.next();
            switch (o.startsWith("-") ? a.name(o) : "") {
                case "-p", "--process" -> processFile = Path.of(a.value(o));
                case "--pid-file" -> pidFile = Path.of(a.value(o));
                case "-d", "--detach" -> detach = true;
                case "-t", "--tty" -> tty = true;
                case "--cwd" -> cwd = a.value(o);
                case "-e", "--env" -> env.add(a.value(o));
                case "-u", "--user" -> user = a.value(o);
                case "-g", "--additional-gids" -> gids.add(number(a.value(o), "additional gid"));
                case "-c", "--cap" -> caps.add(CapabilityNames.normalize(a.value(o)));
                case "--no-new-privs" -> noNewPrivs = true;
                case "--console-socket" -> consoleSocket = Path.of(a.value(o));
                case "--preserve-fds" -> {
                    if (!a.value(o).equals("0")) {
                        throw new OciException("exec --preserve-fds is not supported by jrun oci");
                    }
                }
                case "" -> id = o;
                default -> throw new OciException("exec: unsupported option " + o);
            }
        }
        if (id == null) {
            throw new OciException("\"exec\" requires a container id");
        }
        while (a.hasNext()) {
            command.add(a.next());
        }
        if (processFile == null && command.isEmpty()) {
            throw new OciException("exec: no command given (want ID COMMAND... or --process process.json)");
        }
    }

    /** The container's process with the command and runc exec's changes. */
    private Process change(Process base) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String kv : base.env()) {
            put(vars, kv);
        }
        for (String kv : env) {
            put(vars, kv);
        }
        Process.User u = base.user();
        if (user != null) {
            String[] parts = user.split(":", 2);
            u = new Process.User(number(parts[0], "uid"), parts.length > 1 ? number(parts[1], "gid") : 0,
                    u.umask(), u.additionalGids());
        }
        if (!gids.isEmpty()) {
            u = new Process.User(u.uid(), u.gid(), u.umask(), gids);
        }
        Process.Capabilities c = base.capabilities();
        if (!caps.isEmpty() && c != null) {
            c = new Process.Capabilities(plus(c.bounding()), plus(c.effective()), c.inheritable(), plus(c.permitted()),
                    c.ambient());
        }
        List<String> envList = vars.entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList();
        return new Process(tty ? Boolean.TRUE : null, u, command, envList, cwd != null ? cwd : base.cwd(), c,
                base.rlimits(), noNewPrivs ? Boolean.TRUE : base.noNewPrivileges());
    }

    private List<String> plus(List<String> set) {
        List<String> out = new ArrayList<>(set);
        caps.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    private static void put(Map<String, String> vars, String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new OciException("exec: invalid environment variable \"" + kv + "\" (want KEY=VALUE)");
        }
        vars.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new OciException("exec: invalid " + what + " \"" + s + "\": a number is expected");
        }
    }

    private static Process read(Path f) {
        try {
            return Json.read(Files.readAllBytes(f), Process.class, f.toString());
        } catch (IOException e) {
            throw new OciException("read process file " + f + ": " + e.getMessage(), e);
        }
    }
}
