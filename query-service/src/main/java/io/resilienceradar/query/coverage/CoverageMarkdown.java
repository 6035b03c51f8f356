package io.resilienceradar.query.coverage;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders the coverage report as a Markdown page (what {@code deploy/coverage} writes to docs/coverage.md). */
public final class CoverageMarkdown {
    public static final String MEDIA_TYPE = "text/markdown";

    private CoverageMarkdown() {
    }

    public static String render(Coverage c, CoverageNotes notes) {
        StringBuilder md = new StringBuilder();
        Coverage.Towns t = c.towns();
        Coverage.Summary s = c.summary();
        md.append("# Coverage report\n\n");
        md.append("Rulebook `").append(c.rulebookVersion()).append('`');
        if (c.rulebookPublishedAt() != null) {
            md.append(" (published ").append(c.rulebookPublishedAt()).append(')');
        }
        md.append("; ").append(n(t.total())).append(" towns (").append(n(t.england())).append(" English, ")
                .append(n(t.wales())).append(" Welsh");
        if (t.onOtherRulebook() > 0) {
            md.append("; ").append(n(t.onOtherRulebook())).append(" still on another rulebook version");
        }
        md.append(")");
        if (c.profilesAsOf() != null) {
            md.append("; latest profile computed ").append(c.profilesAsOf());
        }
        md.append(".\nComputed by query-service (`GET /coverage`) from the latest town profiles and the rulebook in "
                + "force, beside ").append(c.reportSource()).append(".\n\n");

        md.append("## Summary\n\n");
        md.append("| | ours | the report | target |\n|---|---:|---:|---|\n");
        row(md, "towns", n(t.total()), n(s.reportTowns()), "");
        row(md, "criteria on a real series (at least one town has a value)",
                s.criteriaWithData() + " of " + s.criteria(), "",
                "at least " + s.criteriaTarget() + (s.criteriaTargetMet() ? ": met" : ": not met"));
        row(md, "characteristics evaluable (not insufficient data) for at least " + pct(s.evaluableThreshold(), 0)
                        + " of English towns",
                s.evaluableForEnglishTowns() + " of " + s.characteristics()
                        + (s.evaluableLetters().isEmpty() ? "" : " (" + String.join(", ", s.evaluableLetters()) + ")"),
                "", "at least " + s.evaluableTarget() + (s.evaluableTargetMet() ? ": met" : ": not met"));
        row(md, "mean full memberships per town, all towns", dec(s.meanFullPerTown()), dec(s.reportMeanPerTown()), "");
        row(md, "mean full memberships per town, towns with no insufficient data (" + n(s.completeTowns()) + ")",
                dec(s.meanFullPerCompleteTown()), dec(s.reportMeanPerTown()), "");
        row(md, "towns in none (no full membership, no insufficient data)", n(s.townsInNone()),
                n(s.reportTownsInNone()), "");
        row(md, "towns without a full membership (insufficient data included)", n(s.townsWithoutFull()), "", "");
        md.append('\n');
        paragraph(md, notes.get("none"));

        md.append("## Characteristics\n\n");
        md.append("| | characteristic | criteria with data | evaluable | England | Wales | full | partial | none "
                + "| insufficient data | report | report, scaled to ").append(n(t.total())).append(" |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Coverage.CharacteristicCoverage ch : c.characteristics()) {
            String criteria = ch.criteriaWithData() + " of " + ch.criteria().size()
                    + (ch.missingCriteria().isEmpty() ? "" : " (no data: " + String.join(", ", ch.missingCriteria()) + ")");
            row(md, nz(ch.letter()), name(ch), criteria, n(ch.townsEvaluable()), pct(ch.evaluableShareEngland(), 1),
                    pct(ch.evaluableShareWales(), 1), n(ch.full()), n(ch.partial()), n(ch.none()), n(ch.insufficient()),
                    ch.reportSize() == null ? "–" : n(ch.reportSize()), dec1(ch.reportSizeScaled()));
        }
        md.append('\n');
        md.append("England and Wales: the share of English (Welsh) towns for which the characteristic is evaluable. ")
                .append("Full and partial: all four criteria met, three met.\n\n");
        paragraph(md, notes.get("universe"));
        paragraph(md, notes.get("scaling"));

        md.append("## Why ours differs\n\n");
        for (Coverage.CharacteristicCoverage ch : c.characteristics()) {
            md.append("- **").append(nz(ch.letter())).append(' ').append(cell(ch.name())).append(".** ");
            if (ch.reportSize() != null) {
                md.append("Report ").append(n(ch.reportSize())).append(" (").append(dec1(ch.reportSizeScaled()))
                        .append(" scaled), ours ").append(n(ch.full())).append(" full, ").append(n(ch.partial()))
                        .append(" partial, ").append(n(ch.insufficient())).append(" insufficient data. ");
            }
            md.append(ch.note() == null ? "" : ch.note().replace('\n', ' ')).append('\n');
        }
        md.append('\n');

        md.append("## Criteria and their series\n\n");
        md.append("Towns with a value: towns whose latest evidence for the criterion has a value; series: the "
                + "releases (and periods) that supplied those values, and the substitute indicators where they "
                + "differ from the rulebook's.\n\n");
        for (Coverage.CharacteristicCoverage ch : c.characteristics()) {
            md.append("### ").append(nz(ch.letter())).append(' ').append(name(ch)).append("\n\n");
            md.append("| criterion | | indicator | comparison | towns with a value | series | assumption |\n");
            md.append("|---|---|---|---|---:|---|---|\n");
            for (Coverage.CriterionCoverage cr : ch.criteria()) {
                row(md, nz(cr.id()), cell(cr.label()), cr.indicator() == null ? "" : "`" + cr.indicator() + "`",
                        cell(cr.comparison()), n(cr.townsWithValue()), series(cr), cell(cr.assumption()));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String series(Coverage.CriterionCoverage cr) {
        if (!cr.hasData()) {
            return "no data";
        }
        List<String> parts = new ArrayList<>();
        parts.add(String.join(", ", cr.releases().stream().map(r -> "`" + r + "`").toList()));
        if (!cr.periods().isEmpty()) {
            parts.add("period " + String.join(", ", cr.periods()));
        }
        List<String> substitutes = cr.series().stream().filter(i -> !i.equals(cr.indicator())).toList();
        if (!substitutes.isEmpty()) {
            parts.add("also " + String.join(", ", substitutes.stream().map(i -> "`" + i + "`").toList()));
        }
        return cell(String.join("; ", parts.stream().filter(p -> !p.isBlank()).toList()));
    }

    private static String name(Coverage.CharacteristicCoverage ch) {
        boolean named = ch.name() != null && ch.name().toLowerCase(Locale.ROOT).contains("provisional");
        return cell(ch.name()) + (ch.provisional() && !named ? " *(provisional)*" : "");
    }

    private static void row(StringBuilder md, String... cells) {
        md.append('|');
        for (String c : cells) {
            md.append(' ').append(c == null ? "" : c).append(" |");
        }
        md.append('\n');
    }

    private static void paragraph(StringBuilder md, String text) {
        if (text != null) {
            md.append(text.replace('\n', ' ')).append("\n\n");
        }
    }

    /** Table-safe text: no line breaks, pipes escaped. */
    static String cell(String s) {
        return s == null ? "" : s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
    }

    private static String nz(String s) {
        return s == null ? "" : cell(s);
    }

    private static String n(long v) {
        return NumberFormat.getIntegerInstance(Locale.UK).format(v);
    }

    private static String dec(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String dec1(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String pct(Double share, int decimals) {
        return share == null ? "–" : String.format(Locale.ROOT, "%." + decimals + "f%%", share * 100);
    }
}
