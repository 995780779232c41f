package dev.jrun.build;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs a RUN step's command in a container made of the stage's layers and returns the changes as
 * a directory (an overlay upper dir). Implemented on top of the launcher; the builder itself never
 * touches the kernel.
 */
public interface StepExecutor {

    /**
     * What to run.
     *
     * @param layers uncompressed layer digests (diffIDs) of the rootfs, bottom first, with their blobs
     * @param argv the full command (shell already prepended for the shell form)
     * @param env KEY=VALUE entries
     * @param network {@code default}, {@code none} or {@code host}
     */
    record RunRequest(List<dev.jrun.image.Descriptor> layers, List<String> argv, List<String> env, String workdir,
            String user, String network) {
        public RunRequest {
            layers = List.copyOf(layers);
            argv = List.copyOf(argv);
            env = List.copyOf(env);
        }
    }

    /** The outcome: the exit code and, when 0, the directory holding the changed files (overlay upper). */
    record RunResult(int exitCode, Path upperDir) {
    }

    /** Why RUN cannot work here, or null when it can. */
    String unavailableReason();

    /** Runs the command; output lines go to {@code output}. The caller deletes {@code upperDir}. */
    RunResult run(RunRequest request, java.util.function.Consumer<String> output);

    /** The executor used until the launcher is available: every RUN fails with the reason. */
    static StepExecutor unavailable(String reason) {
        return new StepExecutor() {
            @Override
            public String unavailableReason() {
                return reason;
            }

            @Override
            public RunResult run(RunRequest request, java.util.function.Consumer<String> output) {
                throw new dev.jrun.JrunException(reason);
            }
        };
    }
}
