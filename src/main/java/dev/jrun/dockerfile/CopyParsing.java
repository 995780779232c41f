package dev.jrun.dockerfile;

import dev.jrun.dockerfile.Instruction.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** COPY and ADD: flags, sources and destination, heredoc sources ({@code COPY <<EOF /dest}). */
final class CopyParsing {
    private CopyParsing() {
    }

    static Instruction parse(String keyword, List<String> args, List<Heredoc> heredocs, List<String> rawFlags,
            Source src) {
        String name = keyword.toUpperCase(Locale.ROOT);
        if (args.size() < 2) {
            throw Instructions.reason(name + " requires at least two arguments, but only one was provided."
                    + " Destination could not be determined");
        }
        FlagSet flags = new FlagSet().string("chown").string("chmod").bool("link").strings("exclude");
        if (keyword.equals("copy")) {
            flags.string("from").bool("parents");
        } else {
            flags.bool("keep-git-dir").string("checksum").bool("unpack");
        }
        flags.parse(rawFlags);

        String dest = args.get(args.size() - 1);
        if (Heredocs.parse(dest) != null) {
            throw Instructions.reason(name + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> byName = new HashMap<>();
        for (Heredoc h : heredocs) {
            byName.put(h.name(), h);
        }
        List<String> paths = new ArrayList<>();
        List<Heredoc> inline = new ArrayList<>();
        for (String s : args.subList(0, args.size() - 1)) {
            Heredoc marker = Heredocs.parse(s);
            if (marker == null) {
                paths.add(s);
                continue;
            }
            Heredoc body = byName.get(marker.name());
            String content = body == null ? "" : body.content();
            if (marker.chomp()) {
                content = Heredoc.chompTabs(content);
            }
            inline.add(new Heredoc(marker.name(), marker.fileDescriptor(), marker.expand(), marker.chomp(), content));
        }
        if (keyword.equals("copy")) {
            return new Instruction.Copy(paths, inline, dest, flags.string("from", ""), flags.string("chown", ""),
                    flags.string("chmod", ""), flags.isTrue("link"), flags.isTrue("parents"), flags.list("exclude"),
                    src);
        }
        return new Instruction.Add(paths, inline, dest, flags.string("chown", ""), flags.string("chmod", ""),
                flags.isTrue("link"), flags.optionalBool("keep-git-dir"), flags.string("checksum", ""),
                flags.optionalBool("unpack"), flags.list("exclude"), src);
    }
}
