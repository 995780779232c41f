package dev.jrun.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** HEALTHCHECK NONE, or HEALTHCHECK [--interval ...] CMD command (buildkit's rules). */
final class HealthcheckParsing {
    private HealthcheckParsing() {
    }

    static HealthConfig parse(List<String> args, boolean json, List<String> rawFlags) {
        if (args.isEmpty()) {
            throw Instructions.reason("HEALTHCHECK requires at least one argument");
        }
        String type = args.get(0).toUpperCase(Locale.ROOT);
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw Instructions.reason("HEALTHCHECK NONE takes no arguments");
            }
            return new HealthConfig(List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
        }
        FlagSet flags = new FlagSet().string("interval").string("timeout").string("start-period")
                .string("start-interval").string("retries").parse(rawFlags);
        if (!type.equals("CMD")) {
            throw Instructions.reason("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        List<String> cmd = Instructions.commandLine(rest, json);
        if (cmd.isEmpty()) {
            throw Instructions.reason("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(json ? "CMD" : "CMD-SHELL");
        test.addAll(cmd);
        int retries = 0;
        String r = flags.string("retries", "");
        if (!r.isEmpty()) {
            try {
                retries = Integer.parseInt(r);
            } catch (NumberFormatException e) {
                throw Instructions.reason("invalid --retries value " + GoText.quote(r) + ": not a number");
            }
            if (retries < 0) {
                throw Instructions.reason("--retries cannot be negative (" + retries + ")");
            }
        }
        return new HealthConfig(test, interval(flags, "interval"), interval(flags, "timeout"),
                interval(flags, "start-period"), interval(flags, "start-interval"), retries);
    }

    private static Duration interval(FlagSet flags, String name) {
        String s = flags.string(name, "");
        if (s.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d;
        try {
            d = HealthConfig.parseGoDuration(s);
        } catch (IllegalArgumentException e) {
            throw Instructions.reason("--" + name + ": " + e.getMessage());
        }
        if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
            throw Instructions.reason("Interval \"" + name + "\" cannot be less than 1ms");
        }
        return d;
    }
}
