package dev.jrun.oci;

import java.util.List;
import java.util.Locale;

/** Signal names and numbers as kill(1) and runc accept them: "KILL", "SIGKILL", "9". Linux numbering (x86_64, arm64). */
public final class SignalNames {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;

    private SignalNames() {
    }

    public static int parse(String s) {
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n > SIGRTMAX) {
                throw new OciException("invalid signal number " + s + " (0-" + SIGRTMAX + ")");
            }
            return n;
        }
        String name = s.toUpperCase(Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        int i = NAMES.indexOf(name);
        if (i > 0) {
            return i;
        }
        if (name.equals("IOT")) {
            return 6;
        }
        if (name.equals("RTMIN")) {
            return SIGRTMIN;
        }
        if (name.equals("RTMAX")) {
            return SIGRTMAX;
        }
        throw new OciException("unknown signal \"" + s + "\"");
    }
}
