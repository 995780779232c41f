package dev.jrun.cli;

import picocli.CommandLine.Command;

@Command(name = "version", description = "Show the jrun version.")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println("jrun version 0.1.0");
    }
}
