package io.resilienceradar.ingest.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodsTest {
    @ParameterizedTest
    @ValueSource(strings = {"2021", "2019-20", "1999-00", "2021-03", "2021-03-21", "2019-01-01/P1Y", "2021-03-21/P1D",
            "2019-04-01/2020-03-31", "2021-01-01T00:00:00/P3M"})
    void onsPeriodsParse(String p) {
        assertThat(Periods.isValid(p)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "21", "2021-13", "2019-21", "2019-01-01/P1", "2019/abc", "Q1 2021", "2021-02-30"})
    void othersDoNot(String p) {
        assertThat(Periods.isValid(p)).isFalse();
    }
}
