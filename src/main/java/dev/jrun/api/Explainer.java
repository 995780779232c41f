package dev.jrun.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code --explain}: a container's birth as plain steps, each with the shell command that does the same. */
final class Explainer {
    private Explainer() {
    }

    static void print(PrintStream out, List<Path> lowersTopFirst, Path upper, Path rootfs, List<String> launchSteps) {
        out.println("How this container is made (jrun --explain):");
        out.println();
        out.println("The image's layers are stacked read-only; the container writes only into its own upper dir,");
        out.println("so the image never changes and every container starts clean. On top of the image's layers");
        out.println("lies its init layer, shared by its containers: empty /etc/hostname, /etc/hosts and");
        out.println("/etc/resolv.conf for this container's own files to be bound on:");
        StringBuilder lower = new StringBuilder();
        for (Path p : lowersTopFirst) {
            lower.append(lower.length() == 0 ? "" : ":").append(p);
        }
        out.println("  $ mount -t overlay overlay -o lowerdir=" + lower + ",upperdir=" + upper + ",workdir="
                + upper.resolveSibling("work") + " " + rootfs);
        out.println();
        out.println("Then one clone3() call makes the process in new namespaces, and the child walks this table of");
        out.println("system calls before it becomes your command (all of it prepared in Java, none of it by a shell):");
        for (String s : launchSteps) {
            out.println("  " + s);
        }
        out.println();
    }
}
