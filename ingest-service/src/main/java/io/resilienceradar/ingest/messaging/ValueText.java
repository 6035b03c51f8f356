package io.resilienceradar.ingest.messaging;

import io.resilienceradar.contracts.events.ReleaseChecksum;

import java.nio.charset.StandardCharsets;

/**
 * {@link ReleaseChecksum#valueText} (the shortest decimal that reads back as the value), with a fast path for what
 * releases mostly carry: short decimals written without exponent. Formatting each value was the staging thread's
 * largest cost even with Jackson's Schubfach writer. If {@code |v|} is in [10⁻³, 10⁷) and {@code m / 10ᵏ == v} for an
 * integer {@code m < 10¹⁵} (an exact division, so {@code v} is the double nearest the decimal m·10⁻ᵏ), that decimal is
 * the shortest one that reads back as {@code v}: no other decimal of at most 15 digits rounds to the same double.
 * With the smallest such {@code k} it is written as Double.toString's plain form; anything else goes to the library.
 * {@code ValueTextProperties} compares both on random doubles.
 */
public final class ValueText {
    private static final double[] POW10 = new double[16];
    private static final long[] LONG_POW10 = new long[16];

    static {
        long p = 1;
        for (int k = 0; k < POW10.length; k++) {
            POW10[k] = p;
            LONG_POW10[k] = p;
            p *= 10;
        }
    }

    private ValueText() {
    }

    public static String of(Double value) {
        if (value == null) {
            return null;
        }
        double a = Math.abs(value);
        if (a >= 1.0E-3 && a < 1.0E7) {
            for (int k = 0; k < POW10.length; k++) {
                double x = a * POW10[k];
                if (x >= 1.0E15) {
                    break;
                }
                long m = (long) Math.rint(x);
                if (m / POW10[k] == a) {
                    return plain(value < 0, m, k);
                }
            }
        }
        return ReleaseChecksum.valueText(value);
    }

    /** m·10⁻ᵏ as {@code [-]int.frac}, with at least one fraction digit. */
    private static String plain(boolean negative, long m, int k) {
        byte[] b = new byte[24];
        int end = b.length;
        long integer = m / LONG_POW10[k];
        long fraction = m % LONG_POW10[k];
        if (k == 0) {
            b[--end] = '0';
        }
        for (int i = 0; i < k; i++) {
            b[--end] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        b[--end] = '.';
        do {
            b[--end] = (byte) ('0' + integer % 10);
            integer /= 10;
        } while (integer != 0);
        if (negative) {
            b[--end] = '-';
        }
        return new String(b, end, b.length - end, StandardCharsets.ISO_8859_1);
    }
}
