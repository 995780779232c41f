package dev.jrun.cli;

import dev.jrun.JrunException;
import java.util.List;

/** Base of commands that act on each named container or image in turn: an error is printed and the next one tried. */
abstract class ContainersCommand extends StoreCommand {
    interface Action {
        void apply(String name) throws Exception;
    }

    /** Runs action on each name; 1 if any failed (docker's exit code for such errors), else 0. */
    int forEach(List<String> names, Action action) throws Exception {
        int rc = 0;
        for (String n : names) {
            try {
                action.apply(n);
            } catch (JrunException e) {
                Main.printError(e, main().debug());
                rc = 1;
            }
        }
        return rc;
    }
}
