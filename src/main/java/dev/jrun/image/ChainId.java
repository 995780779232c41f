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

    /**
     * The same recursion over digest strings, unchecked: image-spec's identity tests use deliberately
     * short fake digests such as {@code sha256:a}, which {@link Digest} refuses.
     */
    public static List<String> ofStrings(List<String> diffIds) {
        List<String> out = new ArrayList<>(diffIds.size());
        String prev = null;
        for (String d : diffIds) {
            prev = prev == null ? d : Digest.sha256(prev + " " + d).toString();
            out.add(prev);
        }
        return out;
    }
}
