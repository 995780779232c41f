/**
 * {@code jrun build}: Dockerfile stages to images, without root except for RUN.
 *
 * <ul>
 * <li>{@link dev.jrun.build.Builder} plans the stages the target needs (unused stages are skipped, as
 * buildkit does) and runs each through {@link dev.jrun.build.StageRunner}: FROM (local image, earlier
 * stage or {@code scratch}; the base's ONBUILD triggers run first), then one cached step per
 * instruction;
 * <li>steps: {@link dev.jrun.build.MetadataStep} (config only, history {@code empty_layer}),
 * {@link dev.jrun.build.WorkdirStep} (a layer only when the directory is missing, as buildkit),
 * {@link dev.jrun.build.CopyStep} + {@link dev.jrun.build.AddSources} (layers written in Java by
 * {@link dev.jrun.build.LayerWriter}: sorted entries, numeric owners, gzip with a fixed header),
 * {@link dev.jrun.build.RunStep} (a {@link dev.jrun.build.StepExecutor}; the container work is
 * {@link dev.jrun.build.ContainerStepExecutor}'s, whose kernel side the CLI wires from linux/);
 * <li>{@link dev.jrun.build.CacheKey}: sha256 of parent key, expanded instruction text and inputs
 * (files: path, mode, owner, size, content digest, never mtimes; ARG values; base image id);
 * {@link dev.jrun.build.BuildCache} keeps one JSON entry per key under {@code <root>/buildcache} and
 * explains misses by diffing with the last entry of the same step after the same parent;
 * <li>{@link dev.jrun.build.FsTree}: a stage's files as a map merged from each layer's
 * {@link dev.jrun.build.LayerIndex} (entries without contents, kept per diffID under
 * {@code buildcache/trees}; whiteouts applied; contents read from the tar on demand), for COPY --from,
 * --chown names, WORKDIR checks; --squash merges the tars themselves;
 * <li>entries the builder makes up (created parents, WORKDIR dirs, heredoc files) take --timestamp or
 * the base image's creation time, never the clock, so a rebuilt step writes the same layer;
 * <li>{@link dev.jrun.build.ImageAssembler}: config, manifest, tags; --squash; created times from the
 * history (so a fully cached rebuild has the same id) or --timestamp.
 * </ul>
 *
 * History texts follow buildkit ({@code ENV A=b}, {@code COPY . /app}, {@code RUN /bin/sh -c ...}).
 * Cached layers are ordinary blobs that the store's gc may delete when no image uses them; a cache
 * entry whose blob is gone counts as a miss and the step recreates the layer.
 */
package dev.jrun.build;
