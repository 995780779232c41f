/**
 * The JUnit 5 extension of jrun's Java API: {@link dev.jrun.embed.junit.JrunTest} on a class,
 * {@link dev.jrun.embed.junit.JrunContainer} on its {@code RunningContainer} fields (static: per class,
 * instance: per test), {@link dev.jrun.embed.junit.JrunEngine} on a static {@code Jrun} field to choose the
 * store. The extension needs junit-jupiter-api on the test class path, which jrun's jar does not bring.
 */
package dev.jrun.embed.junit;
