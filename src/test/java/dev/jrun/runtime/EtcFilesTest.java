package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EtcFilesTest {
    @Test
    void hostsLikeDocker() {
        assertTrue(EtcFiles.hosts("none", "1.2.3.4 h\n", "box", null).startsWith("127.0.0.1\tlocalhost\n::1\tlocalhost"));
        assertTrue(EtcFiles.hosts("bridge", null, "box", "10.88.0.2").endsWith("10.88.0.2\tbox\n"));
        assertEquals("1.2.3.4 h\n", EtcFiles.hosts("host", "1.2.3.4 h\n", "box", null));
        assertEquals("box\n", EtcFiles.hostname("box"));
    }

    @Test
    void resolvConfDropsLocalNameservers() {
        String host = "# generated\nsearch example.com\nnameserver 127.0.0.53\nnameserver 10.0.0.1\noptions edns0\n";
        assertEquals("# generated\nsearch example.com\nnameserver 10.0.0.1\noptions edns0\n", EtcFiles.resolvConf("none", host));
        assertEquals("search x\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n",
                EtcFiles.resolvConf("none", "search x\nnameserver 127.0.0.1\nnameserver ::1\n"));
        assertEquals(host, EtcFiles.resolvConf("host", host));
    }
}
