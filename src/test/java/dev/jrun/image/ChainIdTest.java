package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** image-spec's identity/chainid vectors. */
class ChainIdTest {

    static Stream<Arguments> vectors() {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : Conformance.json(Conformance.IMAGE_SPEC + "tests/chainid.json").get("cases")) {
            out.add(Arguments.of(c.get("name").asText(), strings(c.get("diff_ids")), strings(c.get("chain_ids"))));
        }
        return out.stream();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void fourVectors() {
        assertEquals(4, vectors().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void chainIds(String name, List<String> diffIds, List<String> chainIds) {
        assertEquals(chainIds, ChainId.ofStrings(diffIds));
    }

    @Test
    void digestFormAgreesWithStringForm() {
        List<Digest> diffIds = List.of(Digest.sha256("layer0"), Digest.sha256("layer1"), Digest.sha256("layer2"));
        List<Digest> chain = ChainId.of(diffIds);
        assertEquals(diffIds.get(0), chain.get(0));
        assertEquals(Digest.sha256(diffIds.get(0) + " " + diffIds.get(1)), chain.get(1));
        assertEquals(ChainId.ofStrings(diffIds.stream().map(Digest::toString).toList()),
                chain.stream().map(Digest::toString).toList());
    }
}
