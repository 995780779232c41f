package dev.jrun.cli;

import picocli.CommandLine.Command;

/** {@code jrun inspect}: objects of any kind; images for now, containers once they exist. */
@Command(name = "inspect", description = "Show low-level information on images (and containers), as JSON.")
final class InspectCommand extends ImageInspectCommand {
}
