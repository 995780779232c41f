package dev.jrun.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "version", description = "Show the jrun version.")
public final class VersionCommand implements Runnable {
    /** jrun's version (`jrun version`, and `jrun oci --version` as runc's shape). */
    public static final String VERSION = "0.1.0";

    @Override
    public void run() {
        System.out.println("jrun version " + VERSION);
        System.out.println("Java: " + System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println("OS/Arch: " + System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
    }

    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jrun version " + VERSION};
        }
    }
}
