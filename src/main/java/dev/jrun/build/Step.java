package dev.jrun.build;

import dev.jrun.image.ImageConfig;
import java.util.Map;

/**
 * One prepared build step: its cache key parts and the work to do on a miss. {@code text} is the
 * instruction after expansion (cache key and history), {@code inputs} the extra key parts.
 */
record Step(String text, Map<String, String> inputs, boolean history, Work work) {

    /** Runs the step on a cache miss. */
    @FunctionalInterface
    interface Work {
        Outcome run();
    }

    /** A step's product: a layer (or null) and the config after it. */
    record Outcome(LayerWriter.Layer layer, ImageConfig.ContainerConfig config) {
    }

    /** A metadata-only step: the config change is known without doing anything. */
    static Step metadata(String text, Map<String, String> inputs, ImageConfig.ContainerConfig after) {
        return new Step(text, inputs, true, () -> new Outcome(null, after));
    }
}
