package io.resilienceradar.query.coverage;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CoverageNotesTest {
    private final CoverageNotes notes = CoverageNotes.load();

    @Test
    void everyLetterHasItsOwnNoteAndTheReportSizedOnesSayWhyOursDiffers() {
        Set<String> distinct = new HashSet<>();
        for (char l = 'A'; l <= 'N'; l++) {
            String note = notes.forLetter(String.valueOf(l));
            assertThat(note).as("note for %s", l).isNotBlank().doesNotContain("\\");
            distinct.add(note);
            if (ReportFigures.size(String.valueOf(l)) != null) {
                assertThat(note).as("note for %s", l).isNotEqualTo(notes.get("default"));
            }
        }
        assertThat(distinct).hasSize(14);
        assertThat(notes.forLetter("Z")).isEqualTo(notes.get("default"));
        assertThat(notes.get("universe")).contains("1,371").contains("862");
        assertThat(notes.get("scaling")).isNotBlank();
        assertThat(notes.get("none")).isNotBlank();
    }

    @Test
    void reportFigures() {
        assertThat(ReportFigures.size("A")).isEqualTo(110);
        assertThat(ReportFigures.size("m")).isEqualTo(80);
        assertThat(ReportFigures.size("D")).isNull();
        assertThat(ReportFigures.size(null)).isNull();
    }

    @Test
    void markdownCellsStayOnOneLineAndEscapePipes() {
        assertThat(CoverageMarkdown.cell("a | b\nc")).isEqualTo("a \\| b c");
        assertThat(CoverageMarkdown.cell(null)).isEmpty();
    }
}
