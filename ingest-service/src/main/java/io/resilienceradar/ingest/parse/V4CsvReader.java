package io.resilienceradar.ingest.parse;

import io.resilienceradar.ingest.domain.Columns;
import io.resilienceradar.ingest.domain.Problems;
import io.resilienceradar.ingest.domain.RawRow;

import java.io.IOException;
import java.io.Reader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONS V4 CSV: {@code v4_N}, N attribute columns (the first, usually "Data Marking", is the observation status), then
 * code/label pairs: time, geography, then the dimensions naming the indicator (their codes joined with ':').
 */
final class V4CsvReader {
    private static final Pattern V4 = Pattern.compile("(?i)v4_(\\d+)");

    static long read(Reader in, RowSink sink, Problems problems, long[] lineOut) throws IOException {
        try (CsvRows rows = new CsvRows(in)) {
            String[] h = rows.next().clone(); // rows.next() reuses its array
            Matcher m = V4.matcher(h[0].trim());
            if (!m.matches()) {
                problems.add(1, h[0], h[0], "a V4 CSV starts with a v4_N column");
                return 0;
            }
            int attrs = Integer.parseInt(m.group(1));
            int dimStart = 1 + attrs;
            int dims = h.length - dimStart;
            if (dims < 4 || dims % 2 != 0) {
                problems.add(1, null, String.join(",", h), "after v4_" + attrs + " and " + attrs
                        + " attribute column(s) a V4 CSV needs code/label pairs: time, geography and at least one more"
                        + " dimension naming the indicator; found " + dims + " column(s)");
                return 0;
            }
            Columns cols = new Columns(h[dimStart + 4].trim(), h[dimStart + 2].trim(), h[dimStart].trim(), h[0].trim(),
                    attrs > 0 ? h[1].trim() : null);
            int[] codes = new int[1 + (attrs > 0 ? 1 : 0) + dims / 2]; // the labels are not needed
            int k = 0;
            codes[k++] = 0;
            if (attrs > 0) {
                codes[k++] = 1;
            }
            for (int d = dimStart; d < h.length; d += 2) {
                codes[k++] = d;
            }
            rows.keepOnly(codes);
            rows.areaCodes(dimStart + 2);
            rows.unique(0);
            long n = 0;
            String[] r;
            StringBuilder ind = new StringBuilder();
            while ((r = rows.next()) != null) {
                lineOut[0] = rows.line();
                if (rows.blank()) {
                    continue;
                }
                if (r.length != h.length) {
                    problems.add(rows.line(), null, rows.text(),
                            "row has " + r.length + " columns, the header has " + h.length);
                    continue;
                }
                ind.setLength(0);
                for (int d = dimStart + 4; d < h.length; d += 2) {
                    if (ind.length() > 0) {
                        ind.append(':');
                    }
                    ind.append(r[d].trim());
                }
                sink.row(new RawRow(rows.line(), ind.toString(), r[dimStart + 2], r[dimStart], r[0],
                        attrs > 0 ? r[1] : null), cols);
                n++;
            }
            return n;
        }
    }

    private V4CsvReader() {
    }
}
