package dev.jrun.build;

import dev.jrun.dockerfile.Dockerfile;
import dev.jrun.dockerfile.Instruction;
import dev.jrun.dockerfile.ShellLex;
import dev.jrun.dockerfile.Stage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

/** Which stages a target needs: itself and, transitively, the stages its FROM and COPY --from name. */
final class StagePlan {
    private StagePlan() {
    }

    static Set<Integer> needed(Dockerfile df, BuildArgs args, Stage target) {
        Set<Integer> out = new TreeSet<>();
        Deque<Stage> todo = new ArrayDeque<>();
        todo.add(target);
        ShellLex lex = ShellLex.of(df.syntax().escapeToken());
        while (!todo.isEmpty()) {
            Stage s = todo.pop();
            if (!out.add(s.index())) {
                continue;
            }
            add(df, lex, args, s, s.base(), todo);
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Copy c && c.from() != null && !c.from().isEmpty()) {
                    add(df, lex, args, s, c.from(), todo);
                }
                if (i instanceof Instruction.Run r) {
                    for (String spec : r.mounts()) {
                        String from = mountFrom(spec);
                        if (!from.isEmpty()) {
                            add(df, lex, args, s, from, todo);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The from= of a RUN --mount as written (expanded by add), "" when none or unparsable. */
    private static String mountFrom(String spec) {
        try {
            return dev.jrun.dockerfile.RunMount.parse(spec).from();
        } catch (dev.jrun.JrunException e) {
            return "";
        }
    }

    private static void add(Dockerfile df, ShellLex lex, BuildArgs args, Stage s, String ref, Deque<Stage> todo) {
        String name;
        try {
            name = lex.processWord(ref, args.metaScope());
        } catch (RuntimeException e) {
            name = ref;
        }
        Builder.earlierStage(df, name, s.index()).ifPresent(todo::add);
    }
}
