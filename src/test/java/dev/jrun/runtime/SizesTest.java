package dev.jrun.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {
    @ParameterizedTest
    @CsvSource({"32m,33554432", "1g,1073741824", "1G,1073741824", "512k,524288", "100,100", "100b,100",
        "1.5g,1610612736", "64MiB,67108864", "2mb,2097152"})
    void memorySizes(String in, long bytes) {
        assertEquals(bytes, Sizes.memoryBytes("--memory", in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "-1m", "12x", "1.2.3g", "ten"})
    void badMemorySizesNameTheValue(String in) {
        JrunException e = assertThrows(JrunException.class, () -> Sizes.memoryBytes("--memory", in));
        assertTrue(e.getMessage().contains("\"" + in + "\"") && e.getMessage().contains("--memory"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1,100000", "0.5,50000", "1.5,150000", "2,200000", "0.01,1000"})
    void cpus(String in, long quota) {
        assertEquals(quota, Sizes.cpuQuota(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "0.001"})
    void badCpus(String in) {
        assertThrows(JrunException.class, () -> Sizes.cpuQuota(in));
    }
}
