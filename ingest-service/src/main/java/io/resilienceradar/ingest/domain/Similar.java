package io.resilienceradar.ingest.domain;

import java.util.Collection;
import java.util.Set;

/** "Did you mean" helpers: nearest valid code or name at edit distance 1 (or a case-only difference). */
public final class Similar {

    /** A known GSS code one substituted character or one adjacent transposition away, if exactly obvious. */
    public static String nearestCode(String code, Set<String> known) {
        if (code == null || known.isEmpty()) {
            return null;
        }
        String upper = code.trim().toUpperCase();
        if (known.contains(upper)) {
            return upper;
        }
        char[] c = upper.toCharArray();
        for (int i = 0; i < c.length; i++) {
            char orig = c[i];
            for (char d = '0'; d <= '9'; d++) {
                if (d != orig) {
                    c[i] = d;
                    String s = new String(c);
                    if (known.contains(s)) {
                        return s;
                    }
                }
            }
            c[i] = orig;
            if (i + 1 < c.length) {
                swap(c, i);
                String s = new String(c);
                swap(c, i);
                if (known.contains(s)) {
                    return s;
                }
            }
        }
        return null;
    }

    private static void swap(char[] c, int i) {
        char t = c[i];
        c[i] = c[i + 1];
        c[i + 1] = t;
    }

    /** A name within edit distance 2, ignoring case and spaces/underscores. */
    public static String nearestName(String name, Collection<String> known) {
        String n = normal(name);
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(n, normal(k));
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    private static String normal(String s) {
        return s == null ? "" : s.toLowerCase().replaceAll("[\\s_\\-]", "");
    }

    static int distance(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 2) {
            return 3;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Similar() {
    }
}
