package io.resilienceradar.ingest.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast parser must accept exactly what Double.parseDouble accepts, with the same value. */
class ParseNumberTest {
    private static Double reference(String s) {
        char last = s.charAt(s.length() - 1);
        if (!(Character.isDigit(last) || last == '.')) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Test
    void sameAsDoubleParseDouble() {
        List<String> inputs = new ArrayList<>(List.of("0", "-0", "+1", ".5", "5.", "1e5", "1E-5", "1.5e+300", "1e400",
                "-1e400", "0x1p3", "0x1.8p1", "NaN", "Infinity", "1.5d", "1f", "1_000", "1,5", "12a", "--1", "1e", "e1",
                "\u0661\u0662", "00012.500", "4.9e-324", "2.4703282292062327e-324", "9007199254740993",
                "0.1000000000000000055511151231257827", "123456789012345678901234567890"));
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            double d = switch (i % 3) {
                case 0 -> random.nextInt(1_000_000) / 10.0;
                case 1 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            };
            inputs.add(Double.toString(d));
            inputs.add(String.format("%.6f", d));
        }
        for (String s : inputs) {
            assertThat(RowValidator.parseNumber(s)).as(s).isEqualTo(reference(s));
        }
    }
}
