package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * One build stage: a FROM and the instructions up to the next FROM.
 *
 * @param name the {@code AS} name lower-cased, "" when unnamed
 * @param index 0-based position among the stages ({@code COPY --from=0} refers to it)
 * @param base the image or earlier stage name as written (may hold {@code $ARG}s to expand with
 *     the meta args)
 * @param platform {@code --platform} as written, "" when absent
 * @param from the FROM instruction itself
 * @param instructions the instructions after FROM, in order
 */
public record Stage(String name, int index, String base, String platform, Instruction.From from,
        List<Instruction> instructions) {

    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** True if {@code ref} names this stage (by name, case-insensitive, or by index). */
    public boolean answersTo(String ref) {
        return (!name.isEmpty() && name.equalsIgnoreCase(ref)) || String.valueOf(index).equals(ref);
    }

    static final class Builder {
        private final Instruction.From from;
        private final int index;
        private final List<Instruction> instructions = new ArrayList<>();

        Builder(Instruction.From from, int index) {
            this.from = from;
            this.index = index;
        }

        void add(Instruction i) {
            instructions.add(i);
        }

        Stage build() {
            return new Stage(from.stageName(), index, from.image(), from.platform(), from, instructions);
        }
    }
}
