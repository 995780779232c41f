package dev.jrun.build;

import dev.jrun.dockerfile.Instruction;
import java.util.ArrayList;
import java.util.List;

/**
 * WORKDIR sets the working directory (relative paths join the previous one) and, as buildkit does,
 * creates it in a new layer only when it is missing from the image (owned by root, mode 0755).
 */
final class WorkdirStep {
    private WorkdirStep() {
    }

    static Step prepare(BuildSession b, StageState s, Instruction.Workdir w) {
        String path = b.expand(w, s, w.path());
        if (path.isEmpty()) {
            throw b.error(w, "WORKDIR is empty after expansion (an ARG without a value?)");
        }
        String abs = "/" + FsEntry.clean(path.startsWith("/") ? path : s.workdir() + "/" + path);
        ConfigEditor c = new ConfigEditor(s.config);
        c.workingDir = abs;
        return new Step("WORKDIR " + abs, java.util.Map.of(), true, () -> {
            FsTree fs = b.fs(s);
            String real = fs.resolve(abs, true);
            if (real.isEmpty() || fs.get(real).map(FsEntry::isDir).orElse(false)) {
                return new Step.Outcome(null, c.build());
            }
            List<FsEntry> dirs = new ArrayList<>();
            for (String p = real; !p.isEmpty(); p = FsEntry.parentOf(p)) {
                String dir = p;
                dirs.add(fs.get(dir).filter(FsEntry::isDir).orElseGet(() -> FsEntry.dir(dir, b.madeUpTime(s))));
            }
            return new Step.Outcome(LayerWriter.write(b.store.blobs(), dirs, List.of(), b.clamp()), c.build());
        });
    }
}
