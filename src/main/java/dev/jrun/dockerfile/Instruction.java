package dev.jrun.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One checked Dockerfile instruction. Argument text is as written (quotes and {@code $VAR} kept)
 * except where noted: the builder expands it with {@link ShellLex} when it runs the step, since
 * the values depend on ARG/ENV at that point. Made by {@link Instructions#parse}.
 */
public sealed interface Instruction {

    /** Where the instruction came from. */
    Source source();

    /** 1-based first line. */
    default int line() {
        return source().startLine();
    }

    /** The instruction's logical line, continuations joined. */
    default String original() {
        return source().original();
    }

    /**
     * @param startLine 1-based first line (0 for an ONBUILD trigger, which has no lines of its own)
     * @param endLine 1-based last line, heredoc bodies included
     * @param original the logical line ({@code COPY --from=b /x /y})
     * @param flags the raw flags ({@code --from=b})
     */
    record Source(int startLine, int endLine, String original, List<String> flags) {
        public Source {
            Objects.requireNonNull(original, "original");
            flags = List.copyOf(flags);
        }
    }

    /** An ENV or LABEL pair; {@code legacy} for the {@code ENV key value} form without {@code =}. */
    record KeyValue(String key, String value, boolean legacy) {
    }

    /** One ARG name with its default, null when none is given ({@code ARG X}). */
    record ArgDecl(String name, String defaultValue) {
    }

    /** FROM: {@code image} and {@code platform} are unexpanded; {@code stageName} lower-cased, "" if none. */
    record From(String image, String stageName, String platform, Source source) implements Instruction {
    }

    /**
     * RUN. Shell form has one element in {@code command}; {@code mounts}, {@code devices} are the raw
     * {@code --mount}/{@code --device} values ({@link RunMount#parse} checks a mount after expansion).
     *
     * @param network {@code default}, {@code none} or {@code host}
     * @param security {@code sandbox} or {@code insecure}
     */
    record Run(List<String> command, boolean shellForm, List<Heredoc> heredocs, List<String> mounts,
            String network, String security, List<String> devices, Source source) implements Instruction {
        public Run {
            command = List.copyOf(command);
            heredocs = List.copyOf(heredocs);
            mounts = List.copyOf(mounts);
            devices = List.copyOf(devices);
        }
    }

    /** CMD; an empty exec form {@code CMD []} gives an empty list. */
    record Cmd(List<String> command, boolean shellForm, Source source) implements Instruction {
        public Cmd {
            command = List.copyOf(command);
        }
    }

    /** ENTRYPOINT; {@code ENTRYPOINT []} gives an empty list (clears it). */
    record Entrypoint(List<String> command, boolean shellForm, Source source) implements Instruction {
        public Entrypoint {
            command = List.copyOf(command);
        }
    }

    /**
     * COPY. {@code sources} are paths (or globs); {@code inline} the heredoc sources
     * ({@code COPY <<EOF /dest}), content already tab-chomped for {@code <<-}.
     */
    record Copy(List<String> sources, List<Heredoc> inline, String destination, String from, String chown,
            String chmod, boolean link, boolean parents, List<String> excludes, Source source)
            implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            inline = List.copyOf(inline);
            excludes = List.copyOf(excludes);
        }
    }

    /** ADD; {@code keepGitDir} and {@code unpack} are null unless given. */
    record Add(List<String> sources, List<Heredoc> inline, String destination, String chown, String chmod,
            boolean link, Boolean keepGitDir, String checksum, Boolean unpack, List<String> excludes,
            Source source) implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            inline = List.copyOf(inline);
            excludes = List.copyOf(excludes);
        }
    }

    record Env(List<KeyValue> pairs, Source source) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Arg(List<ArgDecl> args, Source source) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Workdir(String path, Source source) implements Instruction {
    }

    record Label(List<KeyValue> pairs, Source source) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    /** EXPOSE; ports sorted as buildkit does ({@code 80/tcp}, {@code 53/udp}, unexpanded). */
    record Expose(List<String> ports, Source source) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record User(String user, Source source) implements Instruction {
    }

    record Volume(List<String> volumes, Source source) implements Instruction {
        public Volume {
            volumes = List.copyOf(volumes);
        }
    }

    /** SHELL: always the JSON form. */
    record Shell(List<String> shell, Source source) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record StopSignal(String signal, Source source) implements Instruction {
    }

    record Healthcheck(HealthConfig config, Source source) implements Instruction {
    }

    /**
     * ONBUILD: {@code expression} is the trigger's text (what the image config stores), {@code trigger}
     * the same parsed, so errors show at build time of this image.
     */
    record Onbuild(String expression, Instruction trigger, Source source) implements Instruction {
    }

    /** MAINTAINER (deprecated; sets the author). */
    record Maintainer(String maintainer, Source source) implements Instruction {
    }
}
