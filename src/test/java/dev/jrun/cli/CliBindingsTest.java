package dev.jrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * FastCli must fill exactly the fields picocli fills, or give up: each command line is parsed by both and
 * the command objects compared field by field (mixins and the root's --root/--debug included).
 */
class CliBindingsTest {

    /** Command lines the fast parser must take (the common ones), with the same result as picocli. */
    @ParameterizedTest
    @ValueSource(strings = {
        "version",
        "--root /tmp/s images",
        "--root=/tmp/s --debug images -a -q",
        "images --format json",
        "images busybox",
        "--root /tmp/s run --rm --network none busybox true",
        "run --rm busybox sh -c 'echo hi'",
        "run -it --name web -e A=1 -e B=2 -eC=3 -v /a:/b -v /c:/d busybox sh",
        "run -d --memory 32m --cpus 0.5 --pids-limit 10 -u 1000:1000 -w /tmp busybox sleep 10",
        "run --rm busybox ls -l --color",
        "run --env=X=y --name=n busybox",
        "run --rm -- busybox echo",
        "run --root /tmp/r --rm busybox true",
        "run -c 512 --cap-add NET_ADMIN --cap-drop ALL --cap-add SYS_TIME busybox",
        "create --name c1 busybox echo hi",
        "ps -a",
        "ps -aq --no-trunc",
        "rm -f a b c",
        "rmi busybox busybox:1",
        "stop -t 3 a b",
        "stop a",
        "kill -s TERM a",
        "kill a",
        "logs -f --tail 10 c",
        "logs c",
        "wait a b",
        "start -a c",
        "restart c",
        "inspect busybox",
        "image inspect busybox",
        "image ls",
        "image tree busybox",
        "container ls -a",
        "container rm -f x",
        "system df",
        "tag busybox busybox:2",
        "save -o /tmp/x.tar busybox",
        "save --format oci-archive -o /tmp/x.tar busybox other",
        "load -i /tmp/x.tar",
        "import /tmp/x.tar img:1",
        "build -t a -t b:2 --build-arg X=1 --no-cache -f Dockerfile .",
        "build -q .",
        "pull busybox",
        "pull --tls-verify=false 127.0.0.1:5000/busybox",
        "push --tls-verify=true 127.0.0.1:5000/busybox",
        "diff c",
        "commit c img",
        "commit c",
        "top c",
        "mount c",
        "umount c",
        "oci --root /run/x --log /tmp/l create --bundle /b id",
        "oci state id",
        "info",
        "info --format json",
        "exec -it c sh",
        "exec -e A=1 -u 1000 -w /tmp c ls -l",
        "exec -d c sleep 5",
    })
    void fastParserAgreesWithPicocli(String line) throws Exception {
        String[] args = split(line);
        Main fast = new Main();
        Object cmd = FastCli.parse(fast, args, Main.COMMANDS, List.of("run", "create", "exec"));
        assertNotNull(cmd, "the fast parser gave up on: " + line);
        Main main = new Main();
        CommandLine cl = Main.commandLine(main, args);
        CommandLine.ParseResult pr = cl.parseArgs(args);
        while (pr.hasSubcommand()) {
            pr = pr.subcommand();
        }
        Object ref = pr.commandSpec().userObject();
        assertEquals(ref.getClass(), cmd.getClass(), line);
        assertEquals(main.root, fast.root, line + ": --root");
        assertEquals(main.debug, fast.debug, line + ": --debug");
        assertSameFields(ref, cmd, line, 0);
    }

    /** Command lines it must leave to picocli (help, errors, forms it cannot be sure of). */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--help",
        "--version",
        "run --help",
        "nosuchverb",
        "run",
        "run --nosuch busybox",
        "run --name a --name b busybox",
        "run --memory-swap -1 busybox",
        "run --rm=true busybox",
        "run -e",
        "run -ix busybox",
        "run busybox @args",
        "image",
        "image nosuch",
        "stop",
        "kill -s",
        "history busybox",
        "pull --tls-verify 127.0.0.1:5000/busybox",
        "stop -t x a",
        "--root",
        "--root /a --root /b images",
    })
    void fastParserLeavesTheseToPicocli(String line) {
        assertNull(FastCli.parse(new Main(), split(line), Main.COMMANDS, List.of("run", "create", "exec")), line);
    }

    @Test
    void everyVerbLooksUpTheCommandOfThatName() {
        assertEquals(38, Main.COMMANDS.size());
        Main.COMMANDS.forEach((verb, type) -> {
            assertSame(type, Main.COMMANDS.get(verb), verb);
            assertEquals(verb, type.getAnnotation(CommandLine.Command.class).name(), type.getName());
        });
        assertNull(Main.COMMANDS.get("nosuch"));
        assertFalse(Main.COMMANDS.containsKey("unmount")); // umount's alias: picocli, with every command
    }

    @Test
    void everyCommandButAFewHasABinding() {
        List<String> missing = new ArrayList<>();
        Main.COMMANDS.forEach((verb, type) -> {
            if (CliBindings.of(type.getName()) == null) {
                missing.add(verb);
            }
        });
        // history: negatable -H; login/logout: kept on picocli's parser (rare, interactive)
        assertTrue(List.of("history", "login", "logout").containsAll(missing), "no binding: " + missing);
    }

    private static String[] split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                cur = cur == null ? new StringBuilder() : cur;
            } else if (c == ' ' && !quoted) {
                if (cur != null) {
                    out.add(cur.toString());
                    cur = null;
                }
            } else {
                cur = cur == null ? new StringBuilder() : cur;
                cur.append(c);
            }
        }
        if (cur != null) {
            out.add(cur.toString());
        }
        return out.toArray(new String[0]);
    }

    private static void assertSameFields(Object ref, Object got, String line, int depth) throws Exception {
        for (Class<?> c = ref.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandSpec.class || f.getType() == Main.class) {
                    continue;
                }
                f.setAccessible(true);
                Object a = f.get(ref);
                Object b = f.get(got);
                if (a != null && b != null && a.getClass().getPackageName().equals("dev.jrun.cli")) {
                    if (a instanceof Main || depth > 3) {
                        continue; // compared as main.root/main.debug above
                    }
                    assertSameFields(a, b, line, depth + 1);
                } else {
                    assertTrue(Objects.equals(a, b), line + ": field " + c.getSimpleName() + "." + f.getName()
                            + " picocli=" + a + " fast=" + b);
                }
            }
        }
    }
}
