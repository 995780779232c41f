package dev.jrun.cli;

import dev.jrun.JrunException;
import dev.jrun.api.Jrun;
import dev.jrun.api.JsonLog;
import dev.jrun.api.Monitor;
import dev.jrun.runtime.Container;
import dev.jrun.runtime.ContainerStatus;
import dev.jrun.runtime.NoSuchContainerException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "Fetch the logs of a container (detached ones: its json-file log).")
final class LogsCommand extends StoreCommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output until the container exits.")
    boolean follow;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Option(names = "--since", description = "Show logs since a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m).")
    String since;

    @Option(names = "--until", description = "Show logs before a timestamp or relative time.")
    String until;

    @Option(names = {"-n", "--tail"}, defaultValue = "all", description = "Number of lines to show from the end (default all).")
    String tail;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String name;

    @Override
    int execute() throws Exception {
        Container c = jrun().containers().resolve(name);
        Instant now = Instant.now();
        Instant from = since == null ? null : JsonLog.parseSince(since, now);
        Instant to = until == null ? null : JsonLog.parseSince(until, now);
        new Reader(jrun(), c.id(), from, to, timestamps, out()).print(parseTail(tail), follow);
        return 0;
    }

    /** Prints a container's json-file log: the last n lines between from and to, then, following, new ones. */
    record Reader(Jrun jrun, String id, Instant from, Instant to, boolean timestamps, PrintStream out) {
        void print(int n, boolean follow) throws IOException, InterruptedException {
            Path log = Monitor.logPath(jrun, id);
            if (!Files.exists(log)) {
                return; // a container run in the foreground (or never started) has no log
            }
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                List<JsonLog.Entry> first = new ArrayList<>();
                StringBuilder partial = new StringBuilder();
                JsonLog.readNew(f, partial, first);
                tail(first, n).forEach(this::print);
                while (follow && running()) {
                    Thread.sleep(100);
                    List<JsonLog.Entry> more = new ArrayList<>();
                    JsonLog.readNew(f, partial, more);
                    more.forEach(this::print);
                }
                if (follow) {
                    List<JsonLog.Entry> last = new ArrayList<>();
                    JsonLog.readNew(f, partial, last);
                    last.forEach(this::print);
                }
            }
        }

        private boolean running() {
            try {
                Container c = jrun.containers().resolve(id);
                return c.state().status() == ContainerStatus.RUNNING || c.state().status() == ContainerStatus.CREATED;
            } catch (NoSuchContainerException e) {
                return false;
            }
        }

        private void print(JsonLog.Entry e) {
            Instant t = e.instant();
            if (from != null && t.isBefore(from) || to != null && t.isAfter(to)) {
                return;
            }
            PrintStream ps = e.stream().equals("stderr") ? System.err : out;
            ps.print(timestamps ? e.time() + " " + e.log() : e.log());
            ps.flush();
        }
    }

    static int parseTail(String s) {
        if (s.equals("all")) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new JrunException("invalid value for --tail: " + s + ": a number of lines or \"all\"");
        }
    }

    static <T> List<T> tail(List<T> entries, int n) {
        return n < 0 || n >= entries.size() ? entries : entries.subList(entries.size() - n, entries.size());
    }
}
