package dev.jrun.embed;

/**
 * What a command run by {@link RunningContainer#exec} did.
 *
 * @param exitCode its exit code (128+signal if a signal killed it; 126/127 as a shell gives them)
 * @param stdout   everything it wrote to stdout
 * @param stderr   everything it wrote to stderr
 */
public record ExecResult(int exitCode, String stdout, String stderr) {
    /** True if it exited with code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
