package io.resilienceradar.scoring.domain;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One raw indicator's observations as published, columnar: per period a {@link Column} by area index. About 12 bytes
 * a value (a double and a release index), so 200,000 areas × 100 indicators take ~240 MB instead of the ~750 bytes a
 * value of string-keyed maps; aggregation reads the columns by the lookup's area indexes.
 */
final class RawSeries {
    /** period → the values of that period, in period order (what "latest" means). */
    final TreeMap<String, Column> periods = new TreeMap<>();

    RawSeries copy() {
        RawSeries s = new RawSeries();
        periods.forEach((p, c) -> s.periods.put(p, c.copy()));
        return s;
    }

    Column column(String period) {
        return periods.get(period);
    }

    Column columnOrNew(String period) {
        return periods.computeIfAbsent(period, p -> new Column());
    }

    /** Drops a period none of whose areas has a value any more. */
    void dropIfEmpty(String period) {
        Column c = periods.get(period);
        if (c != null && c.count == 0) {
            periods.remove(period);
        }
    }

    /** True when the area has a value (possibly a marked missing one) in some period. */
    boolean has(int area) {
        for (Column c : periods.values()) {
            if (c.has(area)) {
                return true;
            }
        }
        return false;
    }

    /** The area's values by period, as {@link Val}s with the release id from {@code releases}. */
    NavigableMap<String, Val> of(int area, Codes releases, String note) {
        NavigableMap<String, Val> out = new TreeMap<>();
        periods.forEach((p, c) -> {
            if (c.has(area)) {
                out.put(p, c.val(area, releases, note));
            }
        });
        return OnePeriod.compact(out);
    }

    /**
     * The values of one period by area index. A missing value is NaN with release -1; a value published without a
     * number (a status marking it suppressed) is NaN with its release. Observation values are never NaN (JSON has
     * none), so NaN stands for the null number.
     */
    static final class Column {
        double[] value = new double[0];
        /** Release index per area, -1 when the area has no value in this period. */
        int[] release = new int[0];
        /** Status markings, sparse: most values carry none. */
        Map<Integer, String> status;
        /** Every release index ever written here: a superseding release scans only the columns it may own. */
        final BitSet releases = new BitSet();
        int count;

        Column copy() {
            Column c = new Column();
            c.value = value.clone();
            c.release = release.clone();
            c.status = status == null ? null : new HashMap<>(status);
            c.releases.or(releases);
            c.count = count;
            return c;
        }

        boolean has(int area) {
            return area < release.length && release[area] >= 0;
        }

        String status(int area) {
            return status == null ? null : status.get(area);
        }

        Val val(int area, Codes releases, String note) {
            double v = value[area];
            return new Val(Double.isNaN(v) ? null : v, status(area), releases.code(release[area]), note);
        }

        /** Writes a value; false when the area already had this value, status and release. */
        boolean put(int area, Double v, String mark, int rel) {
            if (area >= release.length) {
                int size = Math.max(area + 1, release.length + (release.length >> 1) + 16);
                int from = release.length;
                value = Arrays.copyOf(value, size);
                release = Arrays.copyOf(release, size);
                Arrays.fill(value, from, size, Double.NaN);
                Arrays.fill(release, from, size, -1);
            }
            double number = v == null ? Double.NaN : v;
            int old = release[area];
            String oldMark = old < 0 ? null : status(area);
            boolean same = old == rel && Double.doubleToLongBits(value[area]) == Double.doubleToLongBits(number)
                    && java.util.Objects.equals(oldMark, mark);
            if (old < 0) {
                count++;
            }
            value[area] = number;
            release[area] = rel;
            releases.set(rel);
            if (mark != null) {
                if (status == null) {
                    status = new HashMap<>();
                }
                status.put(area, mark);
            } else if (oldMark != null) {
                status.remove(area);
            }
            return !same;
        }

        void remove(int area) {
            if (has(area)) {
                count--;
                value[area] = Double.NaN;
                release[area] = -1;
                if (status != null) {
                    status.remove(area);
                }
            }
        }
    }
}
