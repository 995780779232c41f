/**
 * jrun's public Java API: images and containers from Java without a daemon, like Testcontainers.
 * Start at {@link dev.jrun.embed.Jrun}: {@code Jrun.withRoot(dir)} or {@code Jrun.local()}, then
 * {@code images()} and {@code start(ContainerSpec)}, which returns a {@link dev.jrun.embed.RunningContainer}
 * once its {@link dev.jrun.embed.Wait wait strategy} says it is ready. The JUnit 5 extension is in
 * {@link dev.jrun.embed.junit}. These two packages are the whole public surface; everything else in the jar
 * (including {@code dev.jrun.api}, the engine facade the CLI drives) is internal.
 */
package dev.jrun.embed;
