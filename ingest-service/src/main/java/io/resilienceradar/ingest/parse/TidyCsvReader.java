package io.resilienceradar.ingest.parse;

import io.resilienceradar.ingest.domain.Columns;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.RawRow;
import io.resilienceradar.ingest.domain.Similar;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;

/** Explore Local Statistics tidy indicator CSV: required AREACD, Indicator, Period, Observation; others optional. */
final class TidyCsvReader {
    private static final List<String> REQUIRED = List.of("AREACD", "Indicator", "Period", "Observation");

    static long read(Reader in, RowSink sink, Problems problems, long[] lineOut) throws IOException {
        try (CsvRows rows = new CsvRows(in)) {
            String[] header = rows.next().clone(); // rows.next() reuses its array
            List<String> names = Arrays.stream(header).map(String::trim).toList();
            int[] at = new int[REQUIRED.size()];
            boolean missing = false;
            for (int i = 0; i < REQUIRED.size(); i++) {
                at[i] = indexOf(names, REQUIRED.get(i));
                if (at[i] < 0) {
                    missing = true;
                    String candidate = nearestHeader(names, REQUIRED.get(i));
                    problems.add(1, REQUIRED.get(i), candidate, candidate == null
                            ? "missing column " + REQUIRED.get(i) + " (header: " + String.join(",", names) + ")"
                            : "misnamed column: found '" + candidate + "', expected '" + REQUIRED.get(i) + "'");
                }
            }
            if (missing) {
                return 0;
            }
            int status = indexOf(names, "Observation Status");
            rows.keepOnly(status < 0 ? at : new int[]{at[0], at[1], at[2], at[3], status});
            rows.areaCodes(at[0]);
            rows.unique(at[3]);
            long n = 0;
            String[] r;
            while ((r = rows.next()) != null) {
                lineOut[0] = rows.line();
                if (rows.blank()) {
                    continue;
                }
                if (r.length != header.length) {
                    problems.add(rows.line(), null, rows.text(),
                            "row has " + r.length + " columns, the header has " + header.length);
                    continue;
                }
                sink.row(new RawRow(rows.line(), r[at[1]], r[at[0]], r[at[2]], r[at[3]], status < 0 ? null : r[status]),
                        Columns.TIDY);
                n++;
            }
            return n;
        }
    }

    private static String nearestHeader(List<String> names, String wanted) {
        for (String n : names) {
            if (!REQUIRED.contains(n) && Similar.nearestName(n, List.of(wanted)) != null) {
                return n;
            }
        }
        return null;
    }

    private static int indexOf(List<String> names, String wanted) {
        return names.indexOf(wanted);
    }

    private TidyCsvReader() {
    }
}
