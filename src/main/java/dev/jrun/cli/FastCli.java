package dev.jrun.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line parser of every start, without reflection: building picocli's model costs ~150 ms of a
 * ~180 ms {@code jrun version} (annotation proxies, then picocli's own Java 5 classes, which no CDS or AOT
 * archive can link). At compile time {@code dev.jrun.apt.CliProcessor} turns each command's picocli
 * annotations into a {@link Binding} (field assignments in a switch, generated as {@code CliBindings}).
 *
 * <p>This parser accepts only command lines whose meaning is certain: anything else (help, an unknown or
 * repeated option, a value that looks like an option, a missing parameter, a value that does not convert,
 * {@code @file} arguments...) makes it give up, and picocli parses the same arguments again, giving its
 * usual answer or error message. So picocli stays the reference; CliBindingsTest checks that both parsers
 * fill the same fields on a corpus of command lines.
 */
final class FastCli {
    private FastCli() {
    }

    /** Thrown when the fast parser is not certain: picocli takes over. */
    static final class Bail extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bail() {
            super(null, null, false, false);
        }
    }

    private static final Bail BAIL = new Bail();

    static Bail bail() {
        return BAIL;
    }

    /** A command whose @Spec field is used only to find the root {@link Main}: the fast parser hands it over. */
    interface MainAware {
        void main(Main main);
    }

    /** How an option takes its value. */
    enum Kind {
        /** boolean, arity 0 */
        FLAG,
        /** exactly one value per occurrence */
        VALUE,
        /** arity 0..1: a value after '=', else the fallback value */
        OPTIONAL
    }

    /** An option: names, value kind, whether it repeats (a list), whether it is required. */
    record Opt(String[] names, Kind kind, boolean multi, boolean required, String fallback) {
    }

    /** Positional parameters: the index range [from, to] (to = MAX_VALUE for "*"), minimum count, list or not. */
    record Pos(int from, int to, int min, boolean multi) {
    }

    /** One command's options, positionals and subcommands, generated from its annotations. */
    abstract static class Binding {
        final Opt[] opts;
        final Pos[] pos;

        Binding(Opt[] opts, Pos[] pos) {
            this.opts = opts;
            this.pos = pos;
        }

        /** A new command object, with its mixins made and its @ParentCommand fields set from parent. */
        abstract Object create(Object parent);

        /** Sets the option (id < opts.length) or positional (id - opts.length) from value; first: first match. */
        abstract void set(Object cmd, int id, String value, boolean first);

        /** Applies the defaultValue attributes. */
        abstract void defaults(Object cmd);

        /** The subcommand called name, or null. */
        Binding sub(String name) {
            return null;
        }

        boolean hasSubcommands() {
            return false;
        }

        /** Whether the command collects unknown arguments (@Unmatched). */
        boolean hasUnmatched() {
            return false;
        }

        void setUnmatched(Object cmd, List<String> args) {
            throw bail();
        }

        /** False when the command needs picocli's model to run (a @Spec it uses for more than finding Main). */
        boolean runnable() {
            return true;
        }

        int option(String name) {
            for (int i = 0; i < opts.length; i++) {
                for (String n : opts[i].names()) {
                    if (n.equals(name)) {
                        return i;
                    }
                }
            }
            return -1;
        }
    }

    /** The command to run, or null when picocli must parse args. */
    static Object parse(Main main, String[] args, Map<String, Class<?>> commands, List<String> stopAtPositional) {
        try {
            int i = 0;
            while (i < args.length && args[i].startsWith("-")) {
                i = global(main, args, i);
                if (i < 0) {
                    return null;
                }
            }
            if (i == args.length) {
                return null;
            }
            String verb = args[i];
            Class<?> type = commands.get(verb);
            Binding b = type == null ? null : CliBindings.of(type.getName());
            if (b == null) {
                return null;
            }
            return command(main, main, b, args, i + 1, stopAtPositional.contains(verb));
        } catch (Bail e) {
            return null;
        }
    }

    /** Handles --root/--debug at i; returns the next index, or -1 for anything else. */
    private static int global(Main main, String[] args, int i) {
        String a = args[i];
        if (a.equals("--debug")) {
            if (main.debug) {
                throw bail();
            }
            main.debug = true;
            return i + 1;
        }
        String v;
        int next;
        if (a.equals("--root")) {
            if (i + 1 >= args.length) {
                throw bail();
            }
            v = args[i + 1];
            next = i + 2;
            if (v.startsWith("-")) {
                throw bail();
            }
        } else if (a.startsWith("--root=")) {
            v = a.substring("--root=".length());
            next = i + 1;
        } else {
            return -1;
        }
        if (main.root != null) {
            throw bail();
        }
        main.root = path(v);
        return next;
    }

    private static Object command(Main main, Object parent, Binding b, String[] args, int start, boolean stopAtPositional) {
        Object cmd = b.create(parent);
        if (cmd instanceof MainAware m) {
            m.main(main);
        }
        b.defaults(cmd);
        boolean[] matched = new boolean[b.opts.length];
        List<String> positionals = new ArrayList<>();
        List<String> unmatched = b.hasUnmatched() ? new ArrayList<>() : null;
        boolean options = true;
        for (int i = start; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                throw bail(); // picocli reads @files
            }
            if (options && !(stopAtPositional && !positionals.isEmpty())) {
                if (a.equals("--")) {
                    if (unmatched != null) {
                        throw bail();
                    }
                    options = false;
                    continue;
                }
                if (a.startsWith("-") && a.length() > 1) {
                    int g = global(main, args, i);
                    if (g >= 0) {
                        i = g - 1;
                        continue;
                    }
                    int used = option(b, cmd, matched, args, i, unmatched != null);
                    if (used == 0) {
                        unmatched.add(a);
                        continue;
                    }
                    i += used - 1;
                    continue;
                }
                if (a.equals("-")) {
                    throw bail();
                }
                if (positionals.isEmpty() && b.hasSubcommands()) {
                    Binding sub = b.sub(a);
                    if (sub == null) {
                        throw bail();
                    }
                    return command(main, cmd, sub, args, i + 1, false);
                }
            }
            if (unmatched != null) {
                unmatched.add(a);
            } else {
                positionals.add(a);
            }
        }
        for (int k = 0; k < b.opts.length; k++) {
            if (b.opts[k].required() && !matched[k]) {
                throw bail();
            }
        }
        assignPositionals(b, cmd, positionals);
        if (unmatched != null && !unmatched.isEmpty()) {
            b.setUnmatched(cmd, unmatched);
        }
        if (!b.runnable()) {
            throw bail();
        }
        return cmd;
    }

    /** Parses the option at args[i]; returns how many arguments it used, 0 when it is unknown but collected. */
    private static int option(Binding b, Object cmd, boolean[] matched, String[] args, int i, boolean collect) {
        String a = args[i];
        String name = a;
        String attached = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
            name = a.substring(0, eq);
            attached = a.substring(eq + 1);
        }
        int id = b.option(name);
        if (id < 0 && !a.startsWith("--")) {
            return cluster(b, cmd, matched, args, i);
        }
        if (id < 0) {
            if (collect) {
                return 0;
            }
            throw bail();
        }
        Opt o = b.opts[id];
        switch (o.kind()) {
            case FLAG -> {
                if (attached != null) {
                    throw bail();
                }
                match(b, cmd, matched, id, "true");
                return 1;
            }
            case OPTIONAL -> {
                if (attached != null) {
                    match(b, cmd, matched, id, attached);
                    return 1;
                }
                if (i + 1 < args.length && b.option(args[i + 1]) < 0) {
                    throw bail(); // picocli may take the next argument as the value
                }
                match(b, cmd, matched, id, o.fallback());
                return 1;
            }
            default -> {
                if (attached != null) {
                    match(b, cmd, matched, id, attached);
                    return 1;
                }
                match(b, cmd, matched, id, value(args, i + 1));
                return 2;
            }
        }
    }

    /** -it, -e K=V, -eK=V, -dp 80: short options clustered, a value-taking one last. */
    private static int cluster(Binding b, Object cmd, boolean[] matched, String[] args, int i) {
        String a = args[i];
        for (int k = 1; k < a.length(); k++) {
            int id = b.option("-" + a.charAt(k));
            if (id < 0) {
                throw bail();
            }
            Opt o = b.opts[id];
            switch (o.kind()) {
                case FLAG -> match(b, cmd, matched, id, "true");
                case VALUE -> {
                    String rest = a.substring(k + 1);
                    if (rest.startsWith("=")) {
                        throw bail();
                    }
                    if (!rest.isEmpty()) {
                        match(b, cmd, matched, id, rest);
                        return 1;
                    }
                    match(b, cmd, matched, id, value(args, i + 1));
                    return 2;
                }
                default -> throw bail();
            }
        }
        return 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("-") || args[i].startsWith("@")) {
            throw bail();
        }
        return args[i];
    }

    private static void match(Binding b, Object cmd, boolean[] matched, int id, String value) {
        boolean first = !matched[id];
        if (!first && !b.opts[id].multi()) {
            throw bail(); // picocli refuses an option given twice
        }
        matched[id] = true;
        b.set(cmd, id, value, first);
    }

    private static void assignPositionals(Binding b, Object cmd, List<String> values) {
        boolean[] covered = new boolean[values.size()];
        for (int p = 0; p < b.pos.length; p++) {
            Pos d = b.pos[p];
            int count = 0;
            for (int k = d.from(); k < values.size() && k <= d.to(); k++) {
                if (count > 0 && !d.multi()) {
                    throw bail();
                }
                b.set(cmd, b.opts.length + p, values.get(k), count == 0);
                covered[k] = true;
                count++;
            }
            if (count < d.min()) {
                throw bail();
            }
        }
        for (boolean c : covered) {
            if (!c) {
                throw bail();
            }
        }
    }

    // ---- conversions used by the generated bindings; a value picocli would refuse makes the parse bail

    static Path path(String v) {
        try {
            return Paths.get(v);
        } catch (InvalidPathException e) {
            throw bail();
        }
    }

    static int toInt(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bail();
        }
    }

    static long toLong(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bail();
        }
    }

    static boolean toBoolean(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw bail();
    }

    static <E extends Enum<E>> E toEnum(Class<E> type, String v) {
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw bail();
        }
    }

    /** The list to add to: a new one at the first match (picocli replaces a field's initial list). */
    static <T> List<T> list(List<T> current, boolean first) {
        return first || current == null ? new ArrayList<>() : current;
    }
}
