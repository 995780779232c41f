package dev.jrun.embed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose {@link JrunContainer} fields jrun starts and removes (shorthand for
 * {@code @ExtendWith(JrunExtension.class)}). Safe under JUnit's parallel execution: each test's containers
 * are its own.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(JrunExtension.class)
public @interface JrunTest {
}
