package dev.jrun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StartEnvTest {
    static byte[] environ(String s) {
        return ("\0" + s).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void findsAVariableAnywhereAndOnlyByItsWholeName() {
        byte[] env = environ("A=1\0JRUN_ROOT=/var/lib/x\0XJRUN_ROOT=no\0LAST=end\0");
        assertEquals("1", StartEnv.value(env, "A", StandardCharsets.UTF_8));
        assertEquals("/var/lib/x", StartEnv.value(env, "JRUN_ROOT", StandardCharsets.UTF_8));
        assertEquals("end", StartEnv.value(env, "LAST", StandardCharsets.UTF_8));
        assertNull(StartEnv.value(env, "ROOT", StandardCharsets.UTF_8));
        assertNull(StartEnv.value(env, "JRUN", StandardCharsets.UTF_8));
    }

    @Test
    void emptyValuesTheLastOfTwoAndNoTrailingNul() {
        assertEquals("", StartEnv.value(environ("E=\0F=2\0"), "E", StandardCharsets.UTF_8));
        assertEquals("second", StartEnv.value(environ("D=first\0D=second\0"), "D", StandardCharsets.UTF_8));
        assertEquals("x=y", StartEnv.value(environ("K=x=y"), "K", StandardCharsets.UTF_8));
        assertNull(StartEnv.value(environ(""), "K", StandardCharsets.UTF_8));
    }

    @Test
    void decodesValuesInTheCharsetGiven() {
        byte[] env = environ("P=/tmp/\u00e9t\u00e9\0");
        assertEquals("/tmp/\u00e9t\u00e9", StartEnv.value(env, "P", StandardCharsets.UTF_8));
    }

    /** With jrun.env=launcher, bin/jrun's properties answer for JRUN_ROOT and JRUN_TRACE_TIMES, set or not; nothing else. */
    @Test
    void theLaunchersPropertiesAnswerForItsVariables() {
        try {
            System.setProperty("jrun.env", "launcher");
            System.setProperty("jrun.env.JRUN_ROOT", "/from/launcher");
            System.clearProperty("jrun.env.JRUN_TRACE_TIMES");
            System.setProperty("jrun.env.PATH", "not this");
            assertEquals("/from/launcher", StartEnv.get("JRUN_ROOT"));
            assertNull(StartEnv.get("JRUN_TRACE_TIMES"));
            assertEquals(System.getenv("PATH"), StartEnv.get("PATH"));
        } finally {
            System.clearProperty("jrun.env");
            System.clearProperty("jrun.env.JRUN_ROOT");
            System.clearProperty("jrun.env.PATH");
        }
        assertEquals(System.getenv("JRUN_ROOT"), StartEnv.get("JRUN_ROOT"));
    }

    @Test
    void answersAsSystemGetenvForThisProcess() {
        Map<String, String> all = System.getenv();
        for (String name : new String[] {"PATH", "HOME", "JAVA_HOME", "JRUN_ROOT", "NO_SUCH_VARIABLE_HERE"}) {
            assertEquals(all.get(name), StartEnv.get(name), name);
        }
    }
}
