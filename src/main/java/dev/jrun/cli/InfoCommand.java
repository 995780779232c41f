package dev.jrun.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jrun.JrunException;
import dev.jrun.linux.HostProbe;
import dev.jrun.runtime.CgroupLayout;
import dev.jrun.runtime.HostFacts;
import dev.jrun.runtime.KernelFeature;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** jrun info: what the host offers and lacks (kernel, overlayfs, cgroups, CNI plugins, JDK, store). */
@Command(name = "info", description = "Show what this host offers jrun and what it lacks.")
final class InfoCommand implements Runnable {
    @ParentCommand
    Main main;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: text (default) or json.")
    String format = "text";

    @Override
    public void run() {
        HostFacts facts = HostProbe.probe(main.root());
        switch (format) {
            case "text" -> printText(facts, System.out);
            case "json", "{{json .}}" -> System.out.println(toJson(facts));
            default -> throw new JrunException("info --format '" + format + "': expected text or json");
        }
    }

    static void printText(HostFacts f, PrintStream out) {
        out.println("Kernel: " + f.kernel().release());
        out.println("  overlayfs: " + yesNo(f.overlay()));
        for (KernelFeature k : KernelFeature.values()) {
            out.println("  " + k.title() + ": " + yesNo(k.availableOn(f.kernel())) + " (since " + k.since() + ")");
        }
        out.println("Cgroups: " + modeName(f.cgroups().mode()));
        for (CgroupLayout.Hierarchy h : f.cgroups().hierarchies()) {
            String what = h.controllers().isEmpty() ? "(no controllers)" : String.join(",", h.controllers());
            String name = h.name().isEmpty() ? "" : " name=" + h.name();
            out.println("  v" + h.version() + " " + h.mountPoint() + ": " + what + name);
        }
        out.println("CNI plugins (" + String.join(", ", HostProbe.CNI_DIRS.stream().map(Object::toString).toList()) + "):");
        for (HostFacts.CniPlugin c : f.cniPlugins()) {
            out.println("  " + c.name() + ": " + (c.found() ? c.path() : "missing"));
        }
        out.println("Java: " + f.jdk().version() + " (" + f.jdk().vendor() + ") " + f.jdk().home());
        out.println("Root: " + yesNo(f.root()) + " (euid " + f.euid() + ")");
        out.println("Store: " + f.storeRoot());
        List<String> problems = f.problems();
        out.println("Missing: " + (problems.isEmpty() ? "nothing" : ""));
        for (String p : problems) {
            out.println("  " + p);
        }
    }

    static String toJson(HostFacts f) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode kernel = root.putObject("Kernel");
        kernel.put("Release", f.kernel().release());
        kernel.put("Version", f.kernel().major() + "." + f.kernel().minor() + "." + f.kernel().patch());
        kernel.put("Overlay", f.overlay());
        ObjectNode features = kernel.putObject("Features");
        for (KernelFeature k : KernelFeature.values()) {
            ObjectNode n = features.putObject(k.name());
            n.put("Title", k.title());
            n.put("Since", k.since());
            n.put("Available", k.availableOn(f.kernel()));
        }
        ObjectNode cgroups = root.putObject("Cgroups");
        cgroups.put("Mode", modeName(f.cgroups().mode()));
        ArrayNode hierarchies = cgroups.putArray("Hierarchies");
        for (CgroupLayout.Hierarchy h : f.cgroups().hierarchies()) {
            ObjectNode n = hierarchies.addObject();
            n.put("Version", h.version());
            n.put("MountPoint", h.mountPoint());
            h.controllers().forEach(n.putArray("Controllers")::add);
            if (!h.name().isEmpty()) {
                n.put("Name", h.name());
            }
        }
        ObjectNode cni = root.putObject("CniPlugins");
        for (HostFacts.CniPlugin c : f.cniPlugins()) {
            cni.put(c.name(), c.found() ? c.path() : null);
        }
        ObjectNode java = root.putObject("Java");
        java.put("Version", f.jdk().version());
        java.put("Vendor", f.jdk().vendor());
        java.put("Home", f.jdk().home());
        root.put("Root", f.root());
        root.put("Euid", f.euid());
        root.put("StoreRoot", f.storeRoot());
        f.problems().forEach(root.putArray("Missing")::add);
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new JrunException("info: write JSON: " + e.getMessage(), e);
        }
    }

    private static String modeName(CgroupLayout.Mode mode) {
        return switch (mode) {
            case V1 -> "v1";
            case V2 -> "v2";
            case HYBRID -> "hybrid (v1 controllers and a cgroup2 mount)";
            case NONE -> "none mounted";
        };
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
