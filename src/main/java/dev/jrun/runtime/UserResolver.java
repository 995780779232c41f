package dev.jrun.runtime;

import dev.jrun.JrunException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves docker's {@code -u user[:group]} against an image's /etc/passwd and /etc/group contents,
 * with runc's rules: names or numbers; a number absent from passwd is used as is (gid 0); the
 * primary group comes from passwd unless given; supplementary groups (where the user is a member by
 * name) only when no group is given.
 */
public final class UserResolver {

    /** The outcome: ids for the process and the home directory for $HOME. */
    public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
        public ResolvedUser {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    private record Entry(String name, long id, long gid, String home, List<String> members) {
    }

    private UserResolver() {
    }

    /** passwd and group may be null when the image has no such file. */
    public static ResolvedUser resolve(String spec, String passwd, String group) {
        String s = spec == null || spec.isEmpty() ? "0" : spec;
        int colon = s.indexOf(':');
        String userPart = colon < 0 ? s : s.substring(0, colon);
        String groupPart = colon < 0 ? null : s.substring(colon + 1);
        if (userPart.isEmpty()) {
            throw new JrunException("invalid user \"" + spec + "\": empty user name");
        }
        List<Entry> users = parse(passwd, true);
        List<Entry> groups = parse(group, false);
        Entry u = find(users, userPart);
        long uid;
        long gid = 0;
        String home = "/";
        if (u != null) {
            uid = u.id;
            gid = u.gid;
            home = u.home.isEmpty() ? "/" : u.home;
        } else if (isNumber(userPart)) {
            uid = Long.parseLong(userPart);
        } else {
            throw new JrunException("unable to find user " + userPart + ": no matching entries in passwd file");
        }
        List<Long> extra = new ArrayList<>();
        if (groupPart != null) {
            if (groupPart.isEmpty()) {
                throw new JrunException("invalid user \"" + spec + "\": empty group name");
            }
            Entry g = find(groups, groupPart);
            if (g != null) {
                gid = g.id;
            } else if (isNumber(groupPart)) {
                gid = Long.parseLong(groupPart);
            } else {
                throw new JrunException("unable to find group " + groupPart + ": no matching entries in group file");
            }
        } else if (u != null) {
            for (Entry g : groups) {
                if (g.members.contains(u.name) && !extra.contains(g.id)) {
                    extra.add(g.id);
                }
            }
        }
        return new ResolvedUser(uid, gid, extra, home);
    }

    private static Entry find(List<Entry> entries, String nameOrId) {
        for (Entry e : entries) {
            if (e.name.equals(nameOrId)) {
                return e;
            }
        }
        if (isNumber(nameOrId)) {
            long id = Long.parseLong(nameOrId);
            for (Entry e : entries) {
                if (e.id == id) {
                    return e;
                }
            }
        }
        return null;
    }

    /** passwd: name:pw:uid:gid:gecos:home:shell; group: name:pw:gid:member,member. Bad lines are skipped, as libc does. */
    private static List<Entry> parse(String content, boolean passwd) {
        List<Entry> out = new ArrayList<>();
        if (content == null) {
            return out;
        }
        for (String line : content.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":", -1);
            if (f.length < (passwd ? 4 : 3) || !isNumber(f[2]) || (passwd && !isNumber(f[3]))) {
                continue;
            }
            if (passwd) {
                out.add(new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f.length > 5 ? f[5] : "", List.of()));
            } else {
                List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
                out.add(new Entry(f[0], Long.parseLong(f[2]), 0, "", members));
            }
        }
        return out;
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
