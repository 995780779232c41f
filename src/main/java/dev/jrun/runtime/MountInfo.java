package dev.jrun.runtime;

import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One line of the kernel's mountinfo table (proc(5)): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3
 * /dev/root rw,errors=continue". Pure: {@link #parse} takes the file's content.
 */
public record MountInfo(int id, int parentId, String device, String root, String mountPoint, List<String> mountOptions,
        String fsType, String source, List<String> superOptions) {

    public MountInfo {
        mountOptions = List.copyOf(mountOptions);
        superOptions = List.copyOf(superOptions);
    }

    /** Parses every non-blank line of a mountinfo table, in order. */
    public static List<MountInfo> parse(String content) {
        List<MountInfo> mounts = new ArrayList<>();
        int lineNo = 0;
        for (String line : content.split("\n")) {
            lineNo++;
            if (!line.isBlank()) {
                mounts.add(parseLine(line, lineNo));
            }
        }
        return mounts;
    }

    static MountInfo parseLine(String line, int lineNo) {
        String[] f = line.strip().split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length < 10 || dash < 6 || f.length < dash + 4) {
            throw new JrunException("parse mountinfo line " + lineNo + " '" + line + "': expected 'ID PARENT MAJ:MIN ROOT"
                    + " MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS'");
        }
        try {
            return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], unescape(f[3]), unescape(f[4]),
                    List.of(f[5].split(",")), unescape(f[dash + 1]), unescape(f[dash + 2]),
                    List.of(f[dash + 3].split(",")));
        } catch (NumberFormatException e) {
            throw new JrunException("parse mountinfo line " + lineNo + " '" + line + "': mount ids are not numbers", e);
        }
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
