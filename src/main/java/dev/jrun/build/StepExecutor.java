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
     * @param layers the rootfs layers' blobs, bottom first
     * @param diffIds their uncompressed digests, in the same order
     * @param argv the full command (shell already prepended for the shell form)
     * @param env KEY=VALUE entries
     * @param network {@code default}, {@code none} or {@code host}
     * @param mounts RUN --mount's mounts, in order
     */
    record RunRequest(List<dev.jrun.image.Descriptor> layers, List<dev.jrun.image.Digest> diffIds, List<String> argv,
            List<String> env, String workdir, String user, String network, List<Mount> mounts) {
        public RunRequest {
            layers = List.copyOf(layers);
            diffIds = List.copyOf(diffIds);
            argv = List.copyOf(argv);
            env = List.copyOf(env);
            mounts = List.copyOf(mounts);
        }

        public RunRequest(List<dev.jrun.image.Descriptor> layers, List<dev.jrun.image.Digest> diffIds,
                          List<String> argv, List<String> env, String workdir, String user, String network) {
            this(layers, diffIds, argv, env, workdir, user, network, List.of());
        }
    }

    /**
     * A mount of RUN --mount: a bind of {@code subpath} inside {@code root} (a host directory: the
     * context, a cache dir), or inside the merged filesystem of {@code layers} (another stage or an
     * image; the executor mounts it and sets root), or a tmpfs ({@code type} "tmpfs").
     *
     * @param target absolute path in the container
     * @param sizeLimit tmpfs bytes, 0 for the kernel's default
     */
    record Mount(String target, String type, Path root, String subpath, List<dev.jrun.image.Descriptor> layers,
                 List<dev.jrun.image.Digest> diffIds, boolean readOnly, long sizeLimit) {
        public Mount {
            layers = List.copyOf(layers);
            diffIds = List.copyOf(diffIds);
        }

        static Mount bind(String target, Path root, String subpath, boolean readOnly) {
            return new Mount(target, "bind", root, subpath, List.of(), List.of(), readOnly, 0);
        }

        static Mount tmpfs(String target, long sizeLimit) {
            return new Mount(target, "tmpfs", null, null, List.of(), List.of(), false, sizeLimit);
        }

        /** The same bind with its filesystem at root (once the executor mounted the layers there). */
        Mount at(Path newRoot) {
            return new Mount(target, type, newRoot, subpath, List.of(), List.of(), readOnly, sizeLimit);
        }
    }

    /**
     * The outcome: the exit code and the directory holding the changed files (overlay upper), which
     * lies inside {@code scratch}; the caller deletes {@code scratch} when done.
     */
    record RunResult(int exitCode, Path upperDir, Path scratch, java.util.function.Predicate<Path> opaqueDir) {
    }

    /** Why RUN cannot work here, or null when it can. */
    String unavailableReason();

    /** Runs the command; output lines go to {@code output}. */
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
