package dev.jrun.build;

import dev.jrun.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RUN: the command (shell form through SHELL) runs in a container on the stage's layers with the
 * stage's ENV, the declared ARGs that ENV does not override, the proxy args, WORKDIR and USER; its
 * changes become one layer. The container work is the {@link StepExecutor}'s; the cache key is the
 * command as written plus the values of the declared ARGs (ENV is in the parent chain already).
 */
final class RunStep {
    private RunStep() {
    }

    static Step prepare(BuildSession b, StageState s, Instruction.Run r) {
        if (!r.devices().isEmpty()) {
            throw b.error(r, "RUN --device is not supported by jrun build");
        }
        if (r.security() != null && !r.security().equals("sandbox")) {
            throw b.error(r, "RUN --security=" + r.security() + " is not supported by jrun build");
        }
        List<String> argv = new ArrayList<>();
        if (r.shellForm()) {
            argv.addAll(s.shell());
            argv.add(shellCommand(r));
        } else {
            argv.addAll(r.command());
        }
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> inputs = new java.util.TreeMap<>();
        s.args.forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
                inputs.put("arg:" + k, v);
            }
        });
        env.putAll(s.envMap());
        env.putAll(b.args.proxies());
        RunMounts.Resolved mounts = RunMounts.resolve(b, s, r);
        inputs.putAll(mounts.inputs());
        env.putAll(mounts.env());
        String network = r.network() == null || r.network().equals("default") ? b.options.network() : r.network();
        String text = "RUN " + (r.shellForm() ? String.join(" ", argv) : MetadataStep.json(argv));
        return new Step(text, inputs, true, () -> {
            String why = b.executor.unavailableReason();
            if (why != null) {
                throw b.error(r, "RUN is not available: " + why);
            }
            List<String> envList = new ArrayList<>();
            env.forEach((k, v) -> envList.add(k + "=" + v));
            StepExecutor.RunRequest req = new StepExecutor.RunRequest(s.layers, s.diffIds, argv, envList, s.workdir(),
                    s.config.user() == null ? "" : s.config.user(), network, mounts.mounts());
            StepExecutor.RunResult res = b.executor.run(req, b.progress::output);
            if (res.exitCode() != 0) {
                dev.jrun.store.FileTrees.deleteQuietly(res.scratch());
                throw b.error(r, "The command '" + String.join(" ", argv) + "' returned a non-zero code: "
                        + res.exitCode());
            }
            try {
                return new Step.Outcome(UpperDirs.toLayer(b, res.upperDir(), res.opaqueDir()), s.config);
            } finally {
                dev.jrun.store.FileTrees.deleteQuietly(res.scratch());
            }
        });
    }

    /**
     * The shell command of a shell-form RUN, heredocs as buildkit handles them: a lone
     * {@code RUN <<EOF} runs the body as the script; otherwise the bodies follow the command line
     * and the shell reads them ({@code RUN python3 <<EOF}).
     */
    static String shellCommand(Instruction.Run r) {
        String cmd = r.command().get(0);
        if (r.heredocs().isEmpty()) {
            return cmd;
        }
        String only = cmd.trim().replace("\"", "").replace("'", "");
        dev.jrun.dockerfile.Heredoc first = r.heredocs().get(0);
        if (r.heredocs().size() == 1 && (only.equals("<<" + first.name()) || only.equals("<<-" + first.name()))) {
            return first.chompedContent();
        }
        StringBuilder sb = new StringBuilder(cmd);
        for (dev.jrun.dockerfile.Heredoc h : r.heredocs()) {
            sb.append('\n').append(h.content()).append(h.name());
        }
        return sb.append('\n').toString();
    }
}
