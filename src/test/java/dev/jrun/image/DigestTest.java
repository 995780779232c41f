package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
    private static final String EMPTY = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void knownSha256Values() throws Exception {
        assertEquals(EMPTY, Digest.sha256(new byte[0]).toString());
        assertEquals(ABC, Digest.sha256("abc").toString());
        assertEquals(ABC, Digest.sha256(new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8))).toString());
        byte[] big = new byte[200_000];
        assertEquals(Digest.sha256(big), Digest.sha256(new ByteArrayInputStream(big)));
    }

    @Test
    void parseAndPrintRoundTrip() {
        Digest d = Digest.parse(ABC);
        assertEquals("sha256", d.algorithm());
        assertEquals(ABC.substring(7), d.hex());
        assertEquals(ABC, d.toString());
        assertEquals("ba7816bf8f01", d.shortHex());
        assertEquals(d, Digest.parse(d.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sha256+b64:c86f7763873b6c0aae22d963bab59b4f5debbed6685761b5951584f6efb0633b",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
        "sha256+b64u.unknownlength:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564=",
        "sha384:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "sha512:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void acceptsWellFormedDigests(String text) {
        assertTrue(Digest.isValid(text));
        assertEquals(text, Digest.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "sha256", "sha256:", ":abc", "SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:ba7816bf", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad00",
        "sha256:zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha384:aaaa", "sha512:" + "a", "sha256+foo+-b:abc", "sha256:abc def", "sha256:a/b"})
    void refusesMalformedDigests(String text) {
        assertFalse(Digest.isValid(text));
        JrunException e = assertThrows(JrunException.class, () -> Digest.parse(text));
        assertTrue(e.getMessage().contains("digest"), e.getMessage());
    }

    @Test
    void nullIsRefused() {
        assertThrows(JrunException.class, () -> Digest.parse(null));
    }

    @Test
    void jsonIsThePlainString() {
        Digest d = Digest.parse(ABC);
        assertEquals("\"" + ABC + "\"", new String(Json.bytes(d), StandardCharsets.UTF_8));
        assertEquals(d, Json.read(("\"" + ABC + "\"").getBytes(StandardCharsets.UTF_8), Digest.class, "digest"));
        JrunException e = assertThrows(JrunException.class,
                () -> Json.read("\"sha256:nope\"".getBytes(StandardCharsets.UTF_8), Digest.class, "digest"));
        assertTrue(e.getMessage().startsWith("malformed digest"), e.getMessage());
    }

    @Test
    void ordersByText() {
        TreeSet<Digest> set = new TreeSet<>(List.of(Digest.parse(ABC), Digest.parse(EMPTY)));
        assertEquals(Digest.parse(ABC), set.first());
    }
}
