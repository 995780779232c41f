package dev.jrun.embed.junit;

import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import dev.jrun.embed.WaitStrategy;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the {@link JrunContainer} fields of a test class and removes them afterwards: static fields around
 * the whole class, instance fields around each test. The containers of a class or a test are kept in that
 * context's own store, so tests running in parallel never share or close each other's containers.
 */
public final class JrunExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(JrunExtension.class);
    private static final String STARTED = "started";
    private static Jrun local;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        startFields(context, context.getRequiredTestClass(), null);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        closeStarted(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        startFields(context, context.getRequiredTestClass(), context.getRequiredTestInstance());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeStarted(context);
    }

    /** Static fields when instance is null, else the instance's fields. */
    private static void startFields(ExtensionContext context, Class<?> cls, Object instance) throws Exception {
        List<RunningContainer> started = Collections.synchronizedList(new ArrayList<>());
        context.getStore(NS).put(STARTED, started); // before starting: a failed start still closes the others
        Jrun jrun = null;
        for (Field f : fields(cls)) {
            JrunContainer a = f.getAnnotation(JrunContainer.class);
            if (a == null || Modifier.isStatic(f.getModifiers()) != (instance == null)) {
                continue;
            }
            if (f.getType() != RunningContainer.class) {
                throw new ExtensionConfigurationException("@JrunContainer field " + f.getName() + " of "
                        + cls.getName() + " must be of type RunningContainer, not " + f.getType().getSimpleName());
            }
            if (jrun == null) {
                jrun = engine(cls);
            }
            RunningContainer c = jrun.start(spec(cls, f, a, instance));
            started.add(c);
            f.setAccessible(true);
            f.set(instance, c);
        }
    }

    @SuppressWarnings("unchecked")
    private static void closeStarted(ExtensionContext context) {
        List<RunningContainer> started = context.getStore(NS).remove(STARTED, List.class);
        if (started == null) {
            return;
        }
        RuntimeException first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The class's {@link JrunEngine} field, else the machine's store. */
    private static Jrun engine(Class<?> cls) throws IllegalAccessException {
        for (Field f : fields(cls)) {
            if (f.isAnnotationPresent(JrunEngine.class)) {
                if (!Modifier.isStatic(f.getModifiers()) || f.getType() != Jrun.class) {
                    throw new ExtensionConfigurationException("@JrunEngine field " + f.getName() + " of "
                            + cls.getName() + " must be a static field of type Jrun");
                }
                f.setAccessible(true);
                Jrun j = (Jrun) f.get(null);
                if (j == null) {
                    throw new ExtensionConfigurationException("@JrunEngine field " + f.getName() + " of "
                            + cls.getName() + " is null: set it in its initializer");
                }
                return j;
            }
        }
        synchronized (JrunExtension.class) {
            if (local == null) {
                local = Jrun.local();
            }
            return local;
        }
    }

    static ContainerSpec spec(Class<?> cls, Field f, JrunContainer a, Object instance) throws Exception {
        if (!a.spec().isEmpty()) {
            Method m = method(cls, a.spec());
            if (m == null || m.getParameterCount() != 0 || m.getReturnType() != ContainerSpec.class) {
                throw new ExtensionConfigurationException("@JrunContainer(spec = \"" + a.spec() + "\") on " + f.getName()
                        + ": " + cls.getName() + " has no method " + a.spec() + "() returning ContainerSpec");
            }
            boolean isStatic = Modifier.isStatic(m.getModifiers());
            if (instance == null && !isStatic) {
                throw new ExtensionConfigurationException("spec method " + a.spec() + "() of the static field "
                        + f.getName() + " must be static");
            }
            m.setAccessible(true);
            return (ContainerSpec) m.invoke(isStatic ? null : instance);
        }
        if (a.image().isEmpty()) {
            throw new ExtensionConfigurationException("@JrunContainer on " + f.getName() + " needs image or spec");
        }
        ContainerSpec s = ContainerSpec.of(a.image());
        if (a.command().length > 0) {
            s = s.withCommand(a.command());
        }
        for (String kv : a.env()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@JrunContainer env \"" + kv + "\" on " + f.getName()
                        + ": want NAME=value");
            }
            s = s.withEnv(kv.substring(0, eq), kv.substring(eq + 1));
        }
        for (int p : a.ports()) {
            s = s.publish(p);
        }
        return s.waitingFor(wait(a).withStartupTimeout(Duration.ofSeconds(a.startupTimeoutSeconds())));
    }

    private static WaitStrategy wait(JrunContainer a) {
        if (!a.waitForHttp().isEmpty()) {
            return Wait.forHttp(a.waitForHttp());
        }
        if (!a.waitForLog().isEmpty()) {
            return Wait.forLogMessage(a.waitForLog());
        }
        return a.ports().length > 0 ? Wait.forListeningPort() : Wait.none();
    }

    private static List<Field> fields(Class<?> cls) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            Collections.addAll(out, c.getDeclaredFields());
        }
        return out;
    }

    private static Method method(Class<?> cls, String name) {
        for (Class<?> c = cls; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 0) {
                    return m;
                }
            }
        }
        return null;
    }
}
