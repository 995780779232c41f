package dev.jrun.embed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link dev.jrun.embed.RunningContainer} field of a {@link JrunTest} class: the extension starts the
 * container and sets the field, a static field once for the class (before {@code @BeforeAll} methods, removed
 * after the {@code @AfterAll} ones), an instance field for each test (removed after it).
 *
 * <p>Give the container either by annotation elements ({@link #image()} and the rest) or by {@link #spec()},
 * the name of a method of the test class returning a {@link dev.jrun.embed.ContainerSpec} (static for a
 * static field). Fixed ports are host ports on the host network: for containers started per test in
 * parallel, pick a free port in a spec method.
 *
 * <pre>{@code
 * @JrunContainer(image = "busybox:latest", command = {"httpd", "-f", "-p", "18080"}, ports = 18080)
 * static RunningContainer web;
 *
 * @JrunContainer(spec = "worker")
 * RunningContainer perTest;
 * static ContainerSpec worker() { return ContainerSpec.of("busybox").withCommand("sleep", "300"); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface JrunContainer {
    /** The image; required unless {@link #spec()} is given. */
    String image() default "";

    /** The command (empty: the image's). */
    String[] command() default {};

    /** Environment variables as {@code NAME=value}. */
    String[] env() default {};

    /** Container ports to publish; unless another wait is given, the container is ready when they all accept connections. */
    int[] ports() default {};

    /** Ready when GET of this path on the first published port answers 200. */
    String waitForHttp() default "";

    /** Ready when a log line matches this regular expression. */
    String waitForLog() default "";

    /** How long to wait for readiness. */
    int startupTimeoutSeconds() default 60;

    /** The name of a method of the test class, without parameters, returning the ContainerSpec to start. */
    String spec() default "";
}
