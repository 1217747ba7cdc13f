package dev.tldb.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GdbValuesTest {
    /** Expected strings are what C's printf("%.17g") (and so gdb 13) prints. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.1|0.10000000000000001",
            "1.1|1.1000000000000001",
            "4.1|4.0999999999999996",
            "0.125|0.125",
            "3.0|3",
            "-0.0|-0",
            "1e100|1e+100",
            "1.5e-7|1.4999999999999999e-07",
            "4.9406564584124654e-324|4.9406564584124654e-324",
            "123456789.125|123456789.125",
            "0.0001|0.0001",
            "1e16|10000000000000000",
            "1e17|1e+17",
            "-2.5|-2.5",
    })
    void formatsDoublesLikePrintfPercent17g(double value, String expected) {
        assertThat(GdbValues.formatDouble(value)).isEqualTo(expected);
    }
}
