package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import dev.jrun.runtime.spec.CapabilityNames;
import dev.jrun.runtime.spec.Process;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker exec's rules for the process it starts, from the container's own process and the flags. */
class ExecSpecTest {
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n";
    static final String GROUP = "root:x:0:\nwheel:x:10:app\napp:x:1000:\n";
    static final Process CONTAINER = new Process(null, new Process.User(0, 0, null, null), List.of("httpd"),
            List.of("PATH=/bin", "HOME=/root", "A=1"), "/srv",
            new Process.Capabilities(CapabilityNames.DOCKER_DEFAULT, CapabilityNames.DOCKER_DEFAULT, List.of(),
                    CapabilityNames.DOCKER_DEFAULT, List.of()),
            List.of(new Process.Rlimit("RLIMIT_NOFILE", 1024, 1024)), true);

    static Process exec(List<String> env, String user, String workdir, boolean tty, boolean privileged) {
        return ExecSpec.process(CONTAINER, new ExecSpec.Options(List.of("sh"), env, user, workdir, tty, privileged),
                PASSWD, GROUP, Map.of("FROM_HOST", "h"));
    }

    @Test
    void keepsTheContainersProcessByDefault() {
        Process p = exec(List.of(), null, null, false, false);
        assertEquals(List.of("sh"), p.args());
        assertEquals(CONTAINER.env(), p.env());
        assertEquals("/srv", p.cwd());
        assertEquals(0, p.user().uid());
        assertEquals(CapabilityNames.DOCKER_DEFAULT, p.capabilities().effective());
        assertEquals(CONTAINER.rlimits(), p.rlimits());
        assertTrue(p.noNewPrivilegesOrFalse());
        assertNull(p.terminal());
    }

    @Test
    void envFlagsOverrideAndAddTtyAddsTerm() {
        Process p = exec(List.of("A=2", "B=3", "FROM_HOST", "UNSET"), null, null, true, false);
        assertEquals(List.of("PATH=/bin", "HOME=/root", "A=2", "TERM=xterm", "B=3", "FROM_HOST=h"), p.env());
        assertTrue(p.terminalOrFalse());
        assertThrows(JrunException.class, () -> exec(List.of("=x"), null, null, false, false));
    }

    @Test
    void userFlagSetsIdsGroupsHomeAndDropsCapabilities() {
        Process p = exec(List.of(), "app", "/tmp", false, false);
        assertEquals(1000, p.user().uid());
        assertEquals(1000, p.user().gid());
        assertEquals(List.of(10L), p.user().additionalGids());
        assertTrue(p.env().contains("HOME=/home/app"));
        assertEquals("/tmp", p.cwd());
        assertEquals(List.of(), p.capabilities().effective());
        assertEquals(CapabilityNames.DOCKER_DEFAULT, p.capabilities().bounding());
        assertThrows(JrunException.class, () -> exec(List.of(), "nobody-here", null, false, false));
        assertThrows(JrunException.class, () -> exec(List.of(), null, "relative", false, false));
    }

    @Test
    void privilegedGivesEveryCapabilityAndLiftsNoNewPrivs() {
        Process p = exec(List.of(), null, null, false, true);
        assertEquals(CapabilityNames.ALL, p.capabilities().effective());
        assertEquals(CapabilityNames.ALL, p.capabilities().bounding());
        assertNull(p.noNewPrivileges());
    }

    @Test
    void aCommandIsRequired() {
        assertThrows(JrunException.class, () -> new ExecSpec.Options(List.of(), null, null, null, false, false));
    }
}
