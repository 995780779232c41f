/**
 * The Dockerfile language, without root or kernel: everything here is pure logic.
 *
 * <ul>
 * <li>{@link dev.jrun.dockerfile.Parser} reads the raw syntax into {@link dev.jrun.dockerfile.Node}s
 * (byte-compatible with buildkit's AST dump) and {@link dev.jrun.dockerfile.ParseResult};
 * <li>{@link dev.jrun.dockerfile.Dockerfile#parse(String, String)} adds the typed layer: sealed
 * {@link dev.jrun.dockerfile.Instruction} records grouped into {@link dev.jrun.dockerfile.Stage}s,
 * with the ARGs before the first FROM as meta args;
 * <li>{@link dev.jrun.dockerfile.ShellLex} expands {@code $VAR}/{@code ${VAR...}} and removes
 * quotes the way buildkit does, reporting which variables a word used (for cache keys);
 * <li>{@link dev.jrun.dockerfile.DockerIgnore} filters the build context.
 * </ul>
 *
 * Errors are {@link dev.jrun.dockerfile.DockerfileSyntaxException} (file, line, column, source
 * excerpt; exit code 1) and {@link dev.jrun.dockerfile.ShellExpansionException}.
 */
package dev.jrun.dockerfile;
