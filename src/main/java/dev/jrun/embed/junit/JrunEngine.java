package dev.jrun.embed.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static {@link dev.jrun.embed.Jrun} field of a {@link JrunTest} class: its containers are started in
 * that store (set the field in its initializer, e.g. to a store in a temp directory with the images the test
 * needs). Without one, the extension uses {@link dev.jrun.embed.Jrun#local()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface JrunEngine {
}
