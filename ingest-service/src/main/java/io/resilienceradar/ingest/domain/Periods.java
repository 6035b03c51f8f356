package io.resilienceradar.ingest.domain;

import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Periods as ONS writes them: a year ({@code 2021}), a financial/academic year ({@code 2019-20}), a month
 * ({@code 2021-03}), a date, or an ISO-8601 interval {@code start/duration} or {@code start/end}.
 */
public final class Periods {
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern SPLIT_YEAR = Pattern.compile("(\\d{4})-(\\d{2})");

    public static boolean isValid(String p) {
        if (p == null || p.isBlank()) {
            return false;
        }
        String s = p.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            return isPoint(s.substring(0, slash)) && isEndOrDuration(s.substring(slash + 1));
        }
        return isPoint(s) || isSplitYear(s);
    }

    private static boolean isPoint(String s) {
        if (YEAR.matcher(s).matches()) {
            return true;
        }
        try {
            if (s.length() == 7) {
                YearMonth.parse(s);
                return true;
            }
            LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isEndOrDuration(String s) {
        if (s.startsWith("P")) {
            try {
                Period.parse(s);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return isPoint(s);
    }

    private static boolean isSplitYear(String s) {
        var m = SPLIT_YEAR.matcher(s);
        if (!m.matches()) {
            return false;
        }
        int start = Integer.parseInt(m.group(1));
        return (start + 1) % 100 == Integer.parseInt(m.group(2));
    }

    private Periods() {
    }
}
