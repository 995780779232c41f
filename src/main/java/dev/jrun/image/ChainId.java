package dev.jrun.image;

import java.util.ArrayList;
import java.util.List;

/** ChainIDs of a layer stack: ChainID(L0) = DiffID(L0); ChainID(L0..Ln) = sha256(ChainID(..n-1) + " " + DiffID(Ln)). */
public final class ChainId {
    private ChainId() {
    }

    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> out = new ArrayList<>(diffIds.size());
        Digest prev = null;
        for (Digest d : diffIds) {
            prev = prev == null ? d : Digest.sha256(prev + " " + d);
            out.add(prev);
        }
        return out;
    }
}
