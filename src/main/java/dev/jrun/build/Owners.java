package dev.jrun.build;

import java.util.Optional;

/**
 * {@code --chown=user[:group]} resolved to numbers: numeric ids as given (a lone uid also gives the
 * gid), names looked up in the destination stage's {@code /etc/passwd} and {@code /etc/group}.
 */
final class Owners {
    private Owners() {
    }

    /** Thrown for an unknown user or group; the caller adds the Dockerfile line. */
    static final class UnknownOwner extends Exception {
        private static final long serialVersionUID = 1L;

        UnknownOwner(String message) {
            super(message);
        }
    }

    /** Returns {uid, gid}. */
    static int[] resolve(String chown, FsTree fs) throws UnknownOwner {
        int colon = chown.indexOf(':');
        String user = colon < 0 ? chown : chown.substring(0, colon);
        String group = colon < 0 ? null : chown.substring(colon + 1);
        int uid;
        int gid;
        if (isNumber(user)) {
            uid = Integer.parseInt(user);
            gid = uid;
        } else {
            String[] pw = find(fs, "/etc/passwd", user)
                    .orElseThrow(() -> new UnknownOwner("unable to find user " + user
                            + ": no matching entries in passwd file"));
            uid = Integer.parseInt(pw[2]);
            gid = Integer.parseInt(pw[3]);
        }
        if (group != null && !group.isEmpty()) {
            if (isNumber(group)) {
                gid = Integer.parseInt(group);
            } else {
                String[] gr = find(fs, "/etc/group", group)
                        .orElseThrow(() -> new UnknownOwner("unable to find group " + group
                                + ": no matching entries in group file"));
                gid = Integer.parseInt(gr[2]);
            }
        }
        return new int[] {uid, gid};
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() < 10;
    }

    private static Optional<String[]> find(FsTree fs, String file, String name) {
        if (fs == null) {
            return Optional.empty();
        }
        for (String line : fs.readText(file).orElse("").split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name) && isNumber(f[2]) && (f.length < 4 || file.endsWith("group")
                    || isNumber(f[3]))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
