package dev.jrun.cli;

import dev.jrun.JrunException;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the jrun command line. Subcommands are one class per verb in this package. */
@Command(name = "jrun", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "A daemonless, docker-compatible container engine.",
        subcommands = {VersionCommand.class, ImagesCommand.class, ImageCommand.class, InspectCommand.class,
                HistoryCommand.class, TagCommand.class, RmiCommand.class, SaveCommand.class, LoadCommand.class,
                ImportCommand.class, SystemCommand.class,
                BuildCommand.class, BuilderCommand.class})
public final class Main implements Runnable {
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
        String env = System.getenv("JRUN_ROOT");
        return Paths.get(env != null && !env.isEmpty() ? env : DEFAULT_ROOT);
    }

    public boolean debug() {
        return debug;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs jrun in this JVM and returns its exit code (used by tests and the training run). */
    public static int run(String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            printError(ex, main.debug);
            return ex instanceof JrunException je ? je.exitCode() : 125;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("jrun: " + ex.getMessage());
            System.err.println("See '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 125;
        });
        return cl.execute(args);
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
