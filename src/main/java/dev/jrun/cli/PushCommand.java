package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.image.ImageReference;
import dev.jrun.registry.Progress;
import dev.jrun.registry.ProgressListener;
import dev.jrun.registry.Pusher;
import dev.jrun.store.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "push", description = "Upload an image to a registry.")
final class PushCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String reference;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the progress output.")
    boolean quiet;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    /** A push's target and --tls-verify as read from its command line ahead of the parse. */
    record Ahead(ImageReference target, Boolean tlsVerify) {
    }

    /** What {@link #connectAhead} started a connection for, or null (then the command prewarms). */
    private static Ahead ahead;
    /** How many connections {@link #connectAhead} started (for tests). */
    static int startedAhead;

    /**
     * Starts the push's connection, and its manifest HEAD, before the command line is parsed (Main calls it
     * for a push, with the index of the argument after the verb): the connecting thread is a repeated
     * push's critical path (the JDK's socket set-up), and the parse is ~3 ms of interpreted main thread.
     */
    static void connectAhead(String[] args, int from) {
        ahead = null;
        Ahead a = scanAhead(args, from);
        if (a != null && !Boolean.FALSE.equals(a.tlsVerify())) { // (--tls-verify=false probes first: no prewarm)
            prewarm(a.target(), a.tlsVerify());
            ahead = a;
            startedAhead++;
        }
    }

    /**
     * The target and --tls-verify of a push's arguments (from index from), for command lines this scan reads
     * with certainty: -q, --quiet, --tls-verify[=BOOL], --authfile FILE and one reference. Null for any other
     * (the command then prewarms after the parse, as before) and for a reference the command refuses. A wrong
     * guess would only cost a connection: a request sent ahead is used only if the push makes the same one.
     */
    static Ahead scanAhead(String[] args, int from) {
        String ref = null;
        Boolean tls = null;
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-q") || a.equals("--quiet") || a.startsWith("--authfile=")) {
                continue;
            }
            if (a.equals("--authfile")) {
                i++;
            } else if (a.equals("--tls-verify")) {
                if (i + 1 < args.length && isBoolean(args[i + 1])) {
                    return null; // its value or the reference? the parser decides
                }
                tls = Boolean.TRUE;
            } else if (a.startsWith("--tls-verify=")) {
                String v = a.substring("--tls-verify=".length());
                if (!isBoolean(v)) {
                    return null;
                }
                tls = Boolean.valueOf(v.equalsIgnoreCase("true"));
            } else if (a.startsWith("-") || ref != null) {
                return null;
            } else {
                ref = a;
            }
        }
        if (ref == null || (ImageReference.looksLikeId(ref) && !ref.contains(":"))) {
            return null;
        }
        try {
            return new Ahead(ImageReference.parse(ref), tls);
        } catch (JrunException e) {
            return null; // the command reports it
        }
    }

    private static boolean isBoolean(String s) {
        return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    }

    /** Starts the connection to target's registry; with a tag, the push's first request is sent once connected. */
    private static void prewarm(ImageReference target, Boolean tls) {
        if (target.tag() != null) {
            dev.jrun.registry.RegistryClient.prewarmPush(target.registry(), tls, target.repository(), target.tag());
        } else {
            dev.jrun.registry.RegistryClient.prewarm(target.registry(), tls);
        }
    }

    @Override
    int execute() {
        if (ImageReference.looksLikeId(reference) && !reference.contains(":")) {
            throw new JrunException("push needs a repository name, not an image id: " + reference);
        }
        ImageReference target = ImageReference.parse(reference);
        Ahead started = ahead;
        ahead = null;
        // no Ahead.equals: a record's bootstraps through invokedynamic (~1 ms of a cold JVM)
        if (started == null || !target.equals(started.target())
                || !java.util.Objects.equals(registry.tlsVerify, started.tlsVerify())) {
            prewarm(target, registry.tlsVerify);
        }
        // no orElseThrow(lambda): a repeated push runs no lambda at all (see Pusher)
        java.util.Optional<Image> found = store().find(target.canonical());
        if (found.isEmpty()) {
            throw new JrunException("An image does not exist locally with the tag: " + target.familiarName());
        }
        Image img = found.get();
        dev.jrun.Timing.mark("push: image found");
        if (!quiet) {
            out().println("The push refers to repository [" + target.name() + "]");
        }
        ProgressListener l = quiet ? ProgressListener.NONE
                : new Progress(out(), System.console() != null, Progress.Kind.PUSH);
        Pusher.Result r = new Pusher(store(), registry.options()).push(img, target, l);
        if (!quiet) {
            out().println((target.tag() != null ? target.tag() : "") + ": digest: " + r.digest() + " size: " + r.size());
        }
        return 0;
    }
}
