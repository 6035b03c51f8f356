package io.resilienceradar.scoring.domain;

import java.util.Arrays;

/**
 * The k-th smallest of n doubles (no NaN) by quickselect, O(n) expected where a sort is O(n log n): a top/bottom N%
 * threshold needs one order statistic, not the whole order. The value equals {@code sorted[k]} of the ascending sort,
 * except that -0.0 and 0.0 count as equal (thresholds are rounded by {@link Round}, which makes both 0.0).
 */
final class Select {
    private Select() {
    }

    /** Rearranges {@code a[0..n)} and returns its k-th smallest value (k from 0). */
    static double kth(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        // bad pivots on adversarial orders: after this many rounds sort what is left (introselect)
        int rounds = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 8;
        while (hi > lo) {
            if (rounds-- == 0) {
                Arrays.sort(a, lo, hi + 1);
                return a[k];
            }
            double pivot = median(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) { // Hoare partition: values equal to the pivot are split between both sides
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double x = a[i];
                    a[i++] = a[j];
                    a[j--] = x;
                }
            }
            // now a[lo..j] <= pivot <= a[i..hi] and everything strictly between j and i equals the pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static double median(double a, double b, double c) {
        return a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
    }
}
