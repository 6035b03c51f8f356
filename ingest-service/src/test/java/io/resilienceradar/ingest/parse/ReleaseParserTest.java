package io.resilienceradar.ingest.parse;

import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.RawRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseParserTest {
    private final List<RawRow> rows = new ArrayList<>();
    private final Problems problems = new Problems(10);

    private ReleaseParser.Parsed parse(byte[] bytes, long limit) throws Exception {
        return ReleaseParser.parse(new ByteArrayInputStream(bytes), limit, problems, (row, cols) -> rows.add(row));
    }

    @Test
    void tidyCsvWithQuotedNamesAndExtraColumns() throws Exception {
        String csv = "AREACD,AREANM,Geography,Variable Name,Indicator,Period,Observation,Measure,Unit,"
                + "Lower Confidence Interval (95%),Upper Confidence Interval (95%),Observation Status,Polarity,Notes\n"
                + "E63000001,\"Bath, Somerset\",BUA,Pop,population,2021,100,Count,people,,,,,\n"
                + "E63000002,Leeds,BUA,Pop,population,2021,,Count,people,,,x,,\n";
        var parsed = parse(csv.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
        assertThat(parsed.format()).isEqualTo(Format.TIDY_CSV);
        assertThat(problems.isEmpty()).isTrue();
        assertThat(rows).containsExactly(new RawRow(2, "population", "E63000001", "2021", "100", ""),
                new RawRow(3, "population", "E63000002", "2021", "", "x"));
    }

    @Test
    void v4CsvNamesTheIndicatorByItsFurtherDimensions() throws Exception {
        String csv = "v4_1,Data Marking,calendar-years,Time,administrative-geography,Geography,sex,Sex,age,Age\n"
                + "10,,2021,2021,E06000001,Hartlepool,female,Female,0-15,0 to 15\n";
        var parsed = parse(csv.getBytes(StandardCharsets.UTF_8), Long.MAX_VALUE);
        assertThat(parsed.format()).isEqualTo(Format.V4_CSV);
        assertThat(rows).containsExactly(new RawRow(2, "female:0-15", "E06000001", "2021", "10", ""));
    }

    @Test
    void gzipIsDetectedByItsMagicBytesAndTheLimitAppliesAfterDecompression() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(("AREACD,Indicator,Period,Observation\n" + "E63000001,population,2021,1\n".repeat(1000))
                    .getBytes(StandardCharsets.UTF_8));
        }
        parse(bytes.toByteArray(), Long.MAX_VALUE);
        assertThat(rows).hasSize(1000);
        assertThatThrownBy(() -> ReleaseParser.parse(new ByteArrayInputStream(bytes.toByteArray()), 10_000,
                new Problems(1), (r, c) -> { })).isInstanceOf(TooLarge.class);
    }

    @Test
    void badUtf8IsReportedOnItsLine() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write("AREACD,Indicator,Period,Observation\nE63000001,population,2021,1\nE63000002,popul".getBytes(StandardCharsets.UTF_8));
        b.write(new byte[]{(byte) 0xE9, ','});
        b.write("2021,1\n".getBytes(StandardCharsets.UTF_8));
        parse(b.toByteArray(), Long.MAX_VALUE);
        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).contains("not valid UTF-8");
        });
    }
}
