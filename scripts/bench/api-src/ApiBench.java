import dev.jrun.embed.ContainerSpec;
import dev.jrun.embed.Jrun;
import dev.jrun.embed.RunningContainer;
import dev.jrun.embed.Wait;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * scripts/bench/api's measuring half (run by the single-file source launcher, so it is not in the jar):
 * start() to ready (port open) for busybox httpd through the embeddable API, against podman run -d and
 * the same port wait, interleaved in one JVM; both on the host network.
 * usage: java -cp JARS ApiBench.java STORE RUNS -- PODMAN_COMMAND...
 */
public class ApiBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        List<String> podman = List.of(args).subList(3, args.length);
        try (Jrun jrun = Jrun.withRoot(root)) {
            long first = api(jrun);
            System.out.printf("api first start (cold JVM, classes loading)  %5d ms%n", first / 1_000_000);
            for (int i = 0; i < 3; i++) {
                api(jrun);
                podman(podman, "jrun-bench-warm" + i);
            }
            List<Long> a = new ArrayList<>();
            List<Long> p = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                a.add(api(jrun));
                p.add(podman(podman, "jrun-bench-" + i));
            }
            long am = median(a);
            long pm = median(p);
            System.out.printf("api    start() to port open   median %5d ms  (min %d, max %d, %d runs)%n", am / 1_000_000,
                    Collections.min(a) / 1_000_000, Collections.max(a) / 1_000_000, runs);
            System.out.printf("podman run -d + port wait     median %5d ms  (min %d, max %d, %d runs)%n", pm / 1_000_000,
                    Collections.min(p) / 1_000_000, Collections.max(p) / 1_000_000, runs);
            System.out.printf("api/podman %.2fx%n", (double) am / pm);
        }
    }

    static long api(Jrun jrun) throws IOException {
        int port = freePort();
        long t0 = System.nanoTime();
        RunningContainer c = jrun.start(ContainerSpec.of("busybox:latest")
                .withCommand("httpd", "-f", "-p", Integer.toString(port)).publish(port)
                .waitingFor(Wait.forListeningPort()));
        long t = System.nanoTime() - t0;
        c.close();
        return t;
    }

    static long podman(List<String> podman, String name) throws Exception {
        int port = freePort();
        List<String> run = new ArrayList<>(podman);
        run.addAll(List.of("run", "-d", "--network", "host", "--name", name, "localhost/busybox",
                "httpd", "-f", "-p", Integer.toString(port)));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(run).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("podman run failed: " + run);
        }
        while (!open(port)) {
            Thread.sleep(10); // as Wait.forListeningPort polls
        }
        long t = System.nanoTime() - t0;
        List<String> rm = new ArrayList<>(podman);
        rm.addAll(List.of("rm", "-f", "-t", "0", name));
        new ProcessBuilder(rm).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
        return t;
    }

    static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static long median(List<Long> xs) {
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
