package dev.jrun.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HangWatchdogTest {
    @Test
    void reportNamesThisThreadsStackAndThisProcess() {
        String r = HangWatchdog.report(Map.of(), 601);
        assertTrue(r.startsWith("==== jrun test hang watchdog: no test started or finished for 601 s"), r);
        assertTrue(r.contains("dev.jrun.testing.HangWatchdogTest.reportNamesThisThreadsStackAndThisProcess(HangWatchdogTest.java:"), r);
        long pid = ProcessHandle.current().pid();
        long ppid = ProcessHandle.current().parent().orElseThrow().pid();
        assertTrue(java.util.regex.Pattern.compile("\n  " + pid + " " + ppid + " [RSD] \\S+ \\S*java ").matcher(r).find(),
                "this JVM, with its parent, state, wait channel and command line: " + r);
    }

    @Test
    void limitDefaultsToTenMinutes() {
        if (System.getProperty("jrun.test.hangMinutes") == null && System.getenv("JRUN_TEST_HANG_MINUTES") == null) {
            assertTrue(HangWatchdog.limitMinutes() == 10);
        }
    }
}
