package dev.jrun.dockerfile;

import dev.jrun.JrunException;
import dev.jrun.dockerfile.Instruction.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns raw nodes into checked {@link Instruction}s, as buildkit's {@code instructions} package:
 * argument counts, the flags each instruction accepts, heredoc sources, HEALTHCHECK options, stage
 * names. Errors carry the node's lines.
 */
public final class Instructions {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^[\\t\\n\\f\\r ]*ONBUILD[\\t\\n\\f\\r ]*");

    private Instructions() {
    }

    /**
     * Parses every instruction and groups them into stages; ARGs before the first FROM become meta
     * args.
     *
     * @throws DockerfileSyntaxException on the first bad instruction, or an instruction before FROM
     */
    public static Dockerfile parse(ParseResult syntax) {
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Stage.Builder> stages = new ArrayList<>();
        for (Node node : syntax.instructions()) {
            Instruction ins = parse(syntax, node);
            if (ins instanceof Instruction.From from) {
                stages.add(new Stage.Builder(from, stages.size()));
            } else if (stages.isEmpty()) {
                if (!(ins instanceof Instruction.Arg arg)) {
                    throw syntax.error(node, "no build stage in current context: " + node.value()
                            + " must come after FROM (only ARG may come before it)");
                }
                metaArgs.add(arg);
            } else {
                stages.get(stages.size() - 1).add(ins);
            }
        }
        return new Dockerfile(metaArgs, stages.stream().map(Stage.Builder::build).toList(), syntax);
    }

    /** Parses one instruction node of {@code syntax}. */
    public static Instruction parse(ParseResult syntax, Node node) {
        try {
            return parseNode(node, node.heredocs(),
                    new Source(node.startLine(), node.endLine(), node.original(), node.flags()));
        } catch (DockerfileSyntaxException.Reason r) {
            throw syntax.error(node, r.getMessage());
        }
    }

    private static Instruction parseNode(Node node, List<Heredoc> heredocs, Source src) {
        List<String> args = node.argValues();
        FlagSet flags = new FlagSet();
        String keyword = node.keyword();
        switch (keyword) {
            case "from": {
                flags.string("platform").parse(node.flags());
                String stage = "";
                if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
                    stage = args.get(2).toLowerCase(Locale.ROOT);
                    if (!STAGE_NAME.matcher(stage).matches()) {
                        throw reason("invalid name for build stage: " + GoText.quote(args.get(2))
                                + ", name can't start with a number or contain symbols");
                    }
                } else if (args.size() != 1) {
                    throw reason("FROM requires either one or three arguments");
                }
                return new Instruction.From(args.get(0), stage, flags.string("platform", ""), src);
            }
            case "run": {
                flags.strings("mount").string("network").string("security").strings("device").parse(node.flags());
                String network = flags.string("network", "default");
                if (!List.of("default", "none", "host").contains(network)) {
                    throw reason("invalid network mode " + GoText.quote(network));
                }
                String security = flags.string("security", "sandbox");
                if (!List.of("sandbox", "insecure").contains(security)) {
                    throw reason("security " + GoText.quote(security) + " is not valid");
                }
                for (String mount : flags.list("mount")) {
                    if (mount.indexOf('$') < 0) { // with variables it is checked after expansion
                        try {
                            RunMount.parse(mount);
                        } catch (JrunException e) {
                            throw reason("--mount=" + mount + ": " + e.getMessage());
                        }
                    }
                }
                return new Instruction.Run(commandLine(args, node.json()), !node.json(), heredocs,
                        flags.list("mount"), network, security, flags.list("device"), src);
            }
            case "cmd":
                flags.parse(node.flags());
                return new Instruction.Cmd(commandLine(args, node.json()), !node.json(), src);
            case "entrypoint":
                flags.parse(node.flags());
                return new Instruction.Entrypoint(commandLine(args, node.json()), !node.json(), src);
            case "copy":
            case "add":
                return CopyParsing.parse(keyword, args, heredocs, node.flags(), src);
            case "env":
            case "label": {
                flags.parse(node.flags());
                String name = keyword.toUpperCase(Locale.ROOT);
                if (args.isEmpty()) {
                    throw reason(name + " requires at least one argument");
                }
                if (args.size() % 3 != 0) {
                    throw reason("Bad input to " + name + ", too many arguments");
                }
                List<Instruction.KeyValue> pairs = new ArrayList<>();
                for (int i = 0; i + 2 < args.size(); i += 3) {
                    if (args.get(i).isEmpty()) {
                        throw reason(name + " names can not be blank");
                    }
                    pairs.add(new Instruction.KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
                }
                return keyword.equals("env") ? new Instruction.Env(pairs, src) : new Instruction.Label(pairs, src);
            }
            case "arg": {
                if (args.isEmpty()) {
                    throw reason("ARG requires at least one argument");
                }
                flags.parse(node.flags());
                List<Instruction.ArgDecl> decls = new ArrayList<>();
                for (String a : args) {
                    int eq = a.indexOf('=');
                    if (eq == 0) {
                        throw reason("ARG names can not be blank");
                    }
                    decls.add(eq < 0 ? new Instruction.ArgDecl(a, null)
                            : new Instruction.ArgDecl(a.substring(0, eq), a.substring(eq + 1)));
                }
                return new Instruction.Arg(decls, src);
            }
            case "workdir":
                return new Instruction.Workdir(exactlyOne("WORKDIR", args, flags, node), src);
            case "user":
                return new Instruction.User(exactlyOne("USER", args, flags, node), src);
            case "maintainer":
                return new Instruction.Maintainer(exactlyOne("MAINTAINER", args, flags, node), src);
            case "stopsignal":
                return new Instruction.StopSignal(exactlyOne("STOPSIGNAL", args, flags, node), src);
            case "expose": {
                atLeastOne("EXPOSE", args);
                flags.parse(node.flags());
                return new Instruction.Expose(args.stream().sorted().toList(), src);
            }
            case "volume": {
                atLeastOne("VOLUME", args);
                flags.parse(node.flags());
                List<String> volumes = new ArrayList<>();
                for (String v : args) {
                    String t = GoText.trimSpace(v);
                    if (t.isEmpty()) {
                        throw reason("VOLUME specified can not be an empty string");
                    }
                    volumes.add(t);
                }
                return new Instruction.Volume(volumes, src);
            }
            case "shell": {
                flags.parse(node.flags());
                List<String> shell = commandLine(args, node.json());
                if (shell.isEmpty()) {
                    throw reason("SHELL requires at least one argument");
                }
                if (!node.json()) {
                    throw reason("SHELL requires the arguments to be in JSON form");
                }
                return new Instruction.Shell(shell, src);
            }
            case "healthcheck":
                return new Instruction.Healthcheck(HealthcheckParsing.parse(args, node.json(), node.flags()), src);
            case "onbuild":
                return onbuild(node, args, heredocs, flags, src);
            default:
                throw reason("unknown instruction: " + node.value());
        }
    }

    private static Instruction onbuild(Node node, List<String> args, List<Heredoc> heredocs, FlagSet flags,
            Source src) {
        if (args.isEmpty()) {
            throw reason("ONBUILD requires at least one argument");
        }
        flags.parse(node.flags());
        String trigger = GoText.trimSpace(args.get(0)).toUpperCase(Locale.ROOT);
        if (trigger.equals("ONBUILD")) {
            throw reason("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (trigger.equals("MAINTAINER") || trigger.equals("FROM")) {
            throw reason(trigger + " isn't allowed as an ONBUILD trigger");
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(node.original()).replaceFirst(""));
        for (Heredoc h : heredocs) {
            expression.append('\n').append(h.content()).append(h.name());
        }
        Node child = node.args().get(0).children().get(0);
        Instruction parsed = parseNode(child, heredocs, new Source(0, 0, child.original(), child.flags()));
        return new Instruction.Onbuild(expression.toString(), parsed, src);
    }

    /** buildkit's handleJSONArgs: exec form as is, shell form joined into one string. */
    static List<String> commandLine(List<String> args, boolean json) {
        if (args.isEmpty() || json) {
            return args;
        }
        return List.of(String.join(" ", args));
    }

    private static String exactlyOne(String name, List<String> args, FlagSet flags, Node node) {
        if (args.size() != 1) {
            throw reason(name + " requires exactly one argument");
        }
        flags.parse(node.flags());
        return args.get(0);
    }

    private static void atLeastOne(String name, List<String> args) {
        if (args.isEmpty()) {
            throw reason(name + " requires at least one argument");
        }
    }

    static DockerfileSyntaxException.Reason reason(String message) {
        return new DockerfileSyntaxException.Reason(message);
    }
}
