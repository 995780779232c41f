package dev.jrun.cli;

import dev.jrun.JrunException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the jrun command line. Subcommands are one class per verb in this package. */
@Command(name = "jrun", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A daemonless, docker-compatible container engine.")
public final class Main implements Runnable {
    /**
     * Every top-level command, in the order --help lists them. Only the one being run is registered
     * with picocli (building the model of all of them costs ~100 ms at every start), all for --help.
     * A lookup loads only that verb's class ({@link #command}); the whole table, for --help
     * and picocli's fallback, is filled at first use: its class literals load every command class (~1 ms of
     * an interpreted start: 38 classes and their supertypes, even from the CDS archive).
     */
    static final Map<String, Class<?>> COMMANDS = new java.util.AbstractMap<>() {
        @Override
        public java.util.Set<Map.Entry<String, Class<?>>> entrySet() {
            return Table.MAP.entrySet();
        }

        @Override
        public Class<?> get(Object verb) {
            return verb instanceof String v ? command(v) : null;
        }

        @Override
        public boolean containsKey(Object verb) {
            return get(verb) != null;
        }
    };
    private static final java.util.List<String> STOP_AT_IMAGE = java.util.List.of("run", "create", "exec");

    /** The class of a top-level command, null for an unknown verb (each verb also in {@link Table#VERBS}). */
    static Class<?> command(String verb) {
        switch (verb) {
            case "version":
                return VersionCommand.class;
            case "info":
                return InfoCommand.class;
            case "images":
                return ImagesCommand.class;
            case "image":
                return ImageCommand.class;
            case "inspect":
                return InspectCommand.class;
            case "history":
                return HistoryCommand.class;
            case "tag":
                return TagCommand.class;
            case "rmi":
                return RmiCommand.class;
            case "save":
                return SaveCommand.class;
            case "load":
                return LoadCommand.class;
            case "import":
                return ImportCommand.class;
            case "system":
                return SystemCommand.class;
            case "pull":
                return PullCommand.class;
            case "push":
                return PushCommand.class;
            case "login":
                return LoginCommand.class;
            case "logout":
                return LogoutCommand.class;
            case "run":
                return RunCommand.class;
            case "create":
                return CreateCommand.class;
            case "rm":
                return RmCommand.class;
            case "ps":
                return PsCommand.class;
            case "logs":
                return LogsCommand.class;
            case "stop":
                return StopCommand.class;
            case "kill":
                return KillCommand.class;
            case "wait":
                return WaitCommand.class;
            case "start":
                return StartCommand.class;
            case "restart":
                return RestartCommand.class;
            case "top":
                return TopCommand.class;
            case "exec":
                return ExecCommand.class;
            case "port":
                return PortCommand.class;
            case "container":
                return ContainerCommand.class;
            case "container-monitor":
                return ContainerMonitorCommand.class;
            case "diff":
                return DiffCommand.class;
            case "commit":
                return CommitCommand.class;
            case "mount":
                return MountCommand.class;
            case "umount":
                return MountCommand.Umount.class;
            case "build":
                return BuildCommand.class;
            case "builder":
                return BuilderCommand.class;
            case "oci":
                return OciCommand.class;
            default:
                return null;
        }
    }

    private static final class Table {
        /** The verbs of {@link #command}, in --help's order. */
        static final String[] VERBS = {
                "version", "info", "images", "image", "inspect", "history", "tag", "rmi", "save", "load", "import",
                "system", "pull", "push", "login", "logout", "run", "create", "rm", "ps", "logs", "stop", "kill",
                "wait", "start", "restart", "top", "exec", "port", "container", "container-monitor", "diff",
                "commit", "mount", "umount", "build", "builder", "oci"
        };
        static final Map<String, Class<?>> MAP = new LinkedHashMap<>();

        static {
            for (String v : VERBS) {
                MAP.put(v, command(v));
            }
        }
    }

    /** Default store location, as in shared/DESIGN.md. */
    public static final String DEFAULT_ROOT = "/var/lib/jrun";

    @Option(names = "--root", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Store directory (default: $JRUN_ROOT or " + DEFAULT_ROOT + ").")
    Path root;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    /** The store root chosen by --root, then JRUN_ROOT, then the default. */
    public Path root() {
        if (root != null) {
            return root;
        }
        String env = dev.jrun.StartEnv.get("JRUN_ROOT"); // not System.getenv: its whole map costs ~1 ms
        return Paths.get(env != null && !env.isEmpty() ? env : DEFAULT_ROOT);
    }

    public boolean debug() {
        return debug;
    }

    @Override
    public void run() {
        commandLine(new Main(), new String[0]).usage(System.out);
    }

    /** A command line for args: only their verb registered when it is known, else every command. */
    static CommandLine commandLine(Main main, String[] args) {
        CommandLine cl = new CommandLine(main);
        String verb = firstVerb(args);
        Class<?> only = verb == null ? null : COMMANDS.get(verb);
        if (only != null) {
            cl.addSubcommand(verb, only);
        } else {
            COMMANDS.forEach(cl::addSubcommand);
        }
        // as docker: options end at the image, the rest is the container's command line (run IMG sh -c ...)
        for (String v : STOP_AT_IMAGE) {
            CommandLine sub = cl.getSubcommands().get(v);
            if (sub != null) {
                sub.setStopAtPositional(true);
            }
        }
        return cl;
    }

    /** The first argument that is not a global option (--root DIR, --debug, --help...), or null. */
    static String firstVerb(String[] argv) {
        int at = verbAt(argv);
        return at < 0 ? null : argv[at];
    }

    /** The index of {@link #firstVerb}, -1 if there is none. */
    private static int verbAt(String[] argv) {
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--root")) {
                i++;
            } else if (!argv[i].startsWith("-")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Runs the command and ends the process. The CLI registers no shutdown hook (ShutdownHooksTest checks
     * the sources), so it halts after flushing: System.exit would first initialize the JDK's logging to log
     * the exit (Runtime.exit's event), ~20 ms of every command.
     */
    public static void main(String[] args) {
        int code = run(args);
        dev.jrun.Timing.mark("halt");
        System.out.flush();
        System.err.flush();
        // only runc's verbs can leave a launch thread; other commands do not load OciCli (from the jar: it is
        // in no other path's AOT cache) just to ask
        if (args.length > 0 && args[0].equals("oci") && dev.jrun.oci.OciCli.launchThreadLeft()) {
            dev.jrun.linux.ProcessSignals.exitNow(code);
        }
        Runtime.getRuntime().halt(code);
    }

    /** Runs jrun in this JVM and returns its exit code (used by tests and the training run). */
    public static int run(String... args) {
        dev.jrun.Timing.mark("main");
        if (args.length > 0 && args[0].equals("oci")) {
            // runc's command line (bin/jrun-runc) has its own parser: neither picocli nor FastCli's tables
            return new dev.jrun.oci.OciCli(System.out, System.err).run(java.util.Arrays.asList(args).subList(1, args.length));
        }
        int verb = verbAt(args);
        if (verb >= 0 && args[verb].equals("push")) {
            PushCommand.connectAhead(args, verb + 1); // the registry's connection opens during the parse
        }
        Main fast = new Main();
        Object command = FastCli.parse(fast, args, COMMANDS, STOP_AT_IMAGE);
        if (command != null) {
            dev.jrun.Timing.mark("command line parsed");
            return execute(command, fast.debug);
        }
        Main main = new Main();
        CommandLine cl = commandLine(main, args);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            printError(ex, main.debug);
            return ex instanceof JrunException je ? je.exitCode() : 125;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jrun: " + ex.getMessage());
            System.err.println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 125;
        });
        dev.jrun.Timing.mark("command line parsed");
        return cl.execute(args);
    }

    /** Runs a command FastCli parsed, with the same exit codes and error output as picocli's execute. */
    private static int execute(Object cmd, boolean debug) {
        try {
            if (cmd instanceof java.util.concurrent.Callable<?> c) {
                Object r = c.call();
                return r instanceof Integer code ? code : 0;
            }
            ((Runnable) cmd).run();
            return 0;
        } catch (Exception ex) {
            printError(ex, debug);
            return ex instanceof JrunException je ? je.exitCode() : 125;
        }
    }

    static void printError(Throwable ex, boolean debug) {
        StringBuilder sb = new StringBuilder("Error: ");
        String last = null;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (last != null && last.contains(m)) {
                continue;
            }
            if (last != null) {
                sb.append(": ");
            }
            sb.append(m);
            last = m;
        }
        System.err.println(sb);
        if (debug) {
            ex.printStackTrace();
        }
    }
}
