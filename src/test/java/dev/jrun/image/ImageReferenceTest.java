package dev.jrun.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * References parsed as docker's ParseNormalizedNamed does (cases written from the behaviour that
 * distribution/reference's reference_test.go and normalize_test.go pin down).
 */
class ImageReferenceTest {
    private static final String HEX = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    private static final String ID = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            busybox                         | docker.io/library/busybox:latest          | docker.io | library/busybox   | latest
            busybox:latest                  | docker.io/library/busybox:latest          | docker.io | library/busybox   | latest
            library/busybox                 | docker.io/library/busybox:latest          | docker.io | library/busybox   | latest
            docker.io/busybox               | docker.io/library/busybox:latest          | docker.io | library/busybox   | latest
            docker.io/library/busybox:1.36  | docker.io/library/busybox:1.36            | docker.io | library/busybox   | 1.36
            index.docker.io/debian          | docker.io/library/debian:latest           | docker.io | library/debian    | latest
            index.docker.io/docker/docker   | docker.io/docker/docker:latest            | docker.io | docker/docker     | latest
            a/b                             | docker.io/a/b:latest                      | docker.io | a/b               | latest
            dmcgowan/myapp                  | docker.io/dmcgowan/myapp:latest           | docker.io | dmcgowan/myapp    | latest
            docker.io/library/foo/bar       | docker.io/library/foo/bar:latest          | docker.io | library/foo/bar   | latest
            test_com/foo                    | docker.io/test_com/foo:latest             | docker.io | test_com/foo      | latest
            localhost/fooo                  | localhost/fooo:latest                     | localhost | fooo              | latest
            localhost:5000/a/b:t            | localhost:5000/a/b:t                      | localhost:5000 | a/b          | t
            localhost:5000                  | docker.io/library/localhost:5000          | docker.io | library/localhost | 5000
            test.com:5000                   | docker.io/library/test.com:5000           | docker.io | library/test.com  | 5000
            test.com/repo:tag               | test.com/repo:tag                         | test.com  | repo              | tag
            test:5000/repo                  | test:5000/repo:latest                     | test:5000 | repo              | latest
            LOCALDOMAIN/debian              | LOCALDOMAIN/debian:latest                 | LOCALDOMAIN | debian          | latest
            Foo/bar                         | Foo/bar:latest                            | Foo       | bar               | latest
            192.168.0.1                     | docker.io/library/192.168.0.1:latest      | docker.io | library/192.168.0.1 | latest
            192.168.1.1:5000/repo:5050      | 192.168.1.1:5000/repo:5050                | 192.168.1.1:5000 | repo       | 5050
            [::1]:5000/x                    | [::1]:5000/x:latest                       | [::1]:5000 | x                | latest
            [2001:db8::1]/repo              | [2001:db8::1]/repo:latest                 | [2001:db8::1] | repo          | latest
            [fc00:1:2:3:4:5:6:7]:5000/library/debian | [fc00:1:2:3:4:5:6:7]:5000/library/debian:latest | [fc00:1:2:3:4:5:6:7]:5000 | library/debian | latest
            xn--n3h.com/myimage:xn--n3h.com | xn--n3h.com/myimage:xn--n3h.com           | xn--n3h.com | myimage         | xn--n3h.com
            b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io | test.example.com/my-app | test.example.com
            lowercase:Uppercase             | docker.io/library/lowercase:Uppercase     | docker.io | library/lowercase | Uppercase
            docker---rules/dock__er         | docker.io/docker---rules/dock__er:latest  | docker.io | docker---rules/dock__er | latest
            d/t                             | docker.io/d/t:latest                      | docker.io | d/t               | latest
            registry-1.docker.io/library/x  | registry-1.docker.io/library/x:latest     | registry-1.docker.io | library/x | latest
            docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | docker.io/library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a:latest | docker.io | library/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a | latest
            """)
    void parses(String input, String canonical, String registry, String repository, String tag) {
        ImageReference r = ImageReference.parse(input);
        assertEquals(canonical, r.canonical());
        assertEquals(registry, r.registry());
        assertEquals(repository, r.repository());
        assertEquals(tag, r.tag());
        assertNull(r.digest());
        // familiar() is the short form docker prints, and it parses back to the same reference.
        assertEquals(r, ImageReference.parse(r.familiar()));
        assertEquals(r, ImageReference.parse(r.canonical()));
    }

    @ParameterizedTest(name = "familiar {0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            docker.io/library/ubuntu          | ubuntu:latest
            index.docker.io/library/ubuntu:22 | ubuntu:22
            docker.io/fooo/bar                | fooo/bar:latest
            docker.io/library/foo/bar         | library/foo/bar:latest
            localhost/fooo/bar                | localhost/fooo/bar:latest
            127.0.0.1:8000/privatebase        | 127.0.0.1:8000/privatebase:latest
            example.com:8000/private/moonbase | example.com:8000/private/moonbase:latest
            FOO/bar                           | FOO/bar:latest
            """)
    void familiarForms(String input, String familiar) {
        assertEquals(familiar, ImageReference.parse(input).familiar());
    }

    @Test
    void digests() {
        ImageReference d = ImageReference.parse("busybox@sha256:" + HEX);
        assertEquals("docker.io/library/busybox@sha256:" + HEX, d.canonical());
        assertNull(d.tag());
        assertEquals(Digest.parse("sha256:" + HEX), d.digest());

        ImageReference td = ImageReference.parse("busybox:latest@sha256:" + HEX);
        assertEquals("docker.io/library/busybox:latest@sha256:" + HEX, td.canonical());
        assertEquals("busybox:latest@sha256:" + HEX, td.familiar());
        assertEquals("latest", td.tag());

        ImageReference full = ImageReference.parse("[2001:db8::1]:5000/repo:tag@sha256:" + HEX);
        assertEquals("[2001:db8::1]:5000", full.registry());
        assertEquals("tag", full.tag());
        assertEquals(full, ImageReference.parse(full.familiar()));
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {
        "", ":tag", ":justtag", "@sha256:" + HEX, "a:", "a//b", "docker///docker", "a/", "docker/",
        "Foo", "Uppercase:tag", "docker/Docker", "docker.io/docker/Docker", "test:5000/Uppercase/lowercase:tag",
        "-docker", "-docker/docker", "docker-/docker", "-docker.io/docker/docker", "____/____", "_docker/_docker",
        "dock..er/docker", "dock_.er/docker", "dock-.er/docker", "aa/asdf$$^/aa", "https://github.com/docker/docker",
        "[fc00::1]", "[fc00::1]:5000", "[2001:db8::1]:tag", "fc00::1:5000/debian", "[fe80::1%eth0]:5000/debian",
        "[2001:db8:3:4::192.0.2.33]:5000/debian", "a:b:c", "a:-tag", "a:.tag", "name with space",
        "repo@sha256:ffffffffffffffffffffffffffffffffff", "validname@invaliddigest:" + HEX, "repo@sha256:" + HEX + "X",
        "repo@", ID, "a___b", "a._b", "a_-b", "ex-.com/x", "ex..com/x", "ex.com:/x", "ex.com:5x/x", "[]:5000/x",
        "[::1]x/y", "a:tag!"})
    void refuses(String input) {
        JrunException e = assertThrows(JrunException.class, () -> ImageReference.parse(input));
        assertTrue(e.getMessage().startsWith("invalid reference format \"" + input + "\": "), e.getMessage());
    }

    @Test
    void lengthLimits() {
        // The path (with docker.io's "library/") may have 255 characters, not 256.
        assertEquals(255, ImageReference.parse("a".repeat(247)).repository().length());
        assertThrows(JrunException.class, () -> ImageReference.parse("a".repeat(248)));
        assertEquals(255, ImageReference.parse("example.com/" + "a".repeat(255) + ":tag").repository().length());
        JrunException e = assertThrows(JrunException.class,
                () -> ImageReference.parse("domain.com/" + "a".repeat(256) + ":tag"));
        assertTrue(e.getMessage().contains("255 characters"), e.getMessage());
        assertEquals(128, ImageReference.parse("a:" + "t".repeat(128)).tag().length());
        assertThrows(JrunException.class, () -> ImageReference.parse("a:" + "t".repeat(129)));
        assertThrows(JrunException.class, () -> ImageReference.parse("a:" + "t".repeat(129)));
    }

    @Test
    void messagesSayWhatIsWrong() {
        assertTrue(message("Foo").contains("must be lowercase"));
        assertTrue(message(ID).contains("image id"));
        assertTrue(message("").contains("empty reference"));
        assertTrue(message("a:").contains("empty tag"));
        assertTrue(message("a:-x").contains("invalid tag"));
        assertTrue(message("a@sha256:abc").contains("sha256"));
    }

    private static String message(String input) {
        return assertThrows(JrunException.class, () -> ImageReference.parse(input)).getMessage();
    }

    @Test
    void idsAndTags() {
        assertTrue(ImageReference.looksLikeId("1a3f5e7d9c1b"));
        assertTrue(ImageReference.looksLikeId("sha256:" + ID));
        assertTrue(!ImageReference.looksLikeId("busybox"));
        ImageReference r = ImageReference.parse("busybox@sha256:" + HEX).withTag("v1");
        assertEquals("docker.io/library/busybox:v1", r.canonical());
        assertThrows(JrunException.class, () -> ImageReference.parse("busybox").withTag("bad tag"));
        assertEquals("docker.io/library/busybox", ImageReference.parse("busybox:1").name());
        assertEquals("busybox", ImageReference.parse("busybox:1").familiarName());
    }
}
