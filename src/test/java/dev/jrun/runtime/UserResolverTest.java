package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserResolverTest {
    static final String P = SpecBuilderTest.PASSWD;
    static final String G = SpecBuilderTest.GROUP;

    @ParameterizedTest(name = "{0} -> {1}:{2} +{3} home {4}")
    @CsvSource(delimiter = '|', value = {
        "            | 0     | 0     | 10     | /root",
        "root        | 0     | 0     | 10     | /root",
        "app         | 1000  | 1000  | 10,29  | /home/app",
        "1000        | 1000  | 1000  | 10,29  | /home/app",
        "app:audio   | 1000  | 29    |        | /home/app",
        "app:0       | 1000  | 0     |        | /home/app",
        "1234        | 1234  | 0     |        | /",
        "1234:4321   | 1234  | 4321  |        | /",
        "nobody      | 65534 | 65534 |        | /nonexistent",
        "0:wheel     | 0     | 10    |        | /root",
    })
    void resolvesLikeRunc(String spec, long uid, long gid, String extra, String home) {
        UserResolver.ResolvedUser u = UserResolver.resolve(spec, P, G);
        assertEquals(uid, u.uid());
        assertEquals(gid, u.gid());
        List<Long> want = extra == null ? List.of() : List.of(extra.split(",")).stream().map(Long::parseLong).toList();
        assertEquals(want, u.additionalGids());
        assertEquals(home, u.home());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ghost", "app:ghosts", ":0", "app:"})
    void unknownNamesAreErrorsNamingThem(String spec) {
        JrunException e = assertThrows(JrunException.class, () -> UserResolver.resolve(spec, P, G));
        assertTrue(e.getMessage().contains("ghost") || e.getMessage().contains("empty"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "42:42"})
    void imagesWithoutPasswdTakeNumbers(String spec) {
        UserResolver.ResolvedUser u = UserResolver.resolve(spec, null, null);
        assertEquals(Long.parseLong(spec.split(":")[0]), u.uid());
        assertEquals("/", u.home());
    }
}
