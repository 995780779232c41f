package dev.jrun.runtime;

import dev.jrun.JrunException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The running kernel's version, parsed from its release string ("6.18.44-fc-v657", as uname -r prints it). */
public record KernelVersion(int major, int minor, int patch, String release) implements Comparable<KernelVersion> {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");

    public KernelVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative kernel version " + major + "." + minor + "." + patch);
        }
        release = release == null ? major + "." + minor + "." + patch : release;
    }

    /** Parses a release string such as "5.10.0-28-amd64" (surrounding white space ignored). */
    public static KernelVersion parse(String release) {
        String r = release.strip();
        Matcher m = VERSION.matcher(r);
        if (!m.matches()) {
            throw new JrunException("parse kernel release '" + r + "': expected MAJOR.MINOR[.PATCH]...");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch, r);
    }

    public boolean atLeast(int wantMajor, int wantMinor) {
        return major > wantMajor || (major == wantMajor && minor >= wantMinor);
    }

    @Override
    public int compareTo(KernelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }
}
