package io.resilienceradar.query.coverage;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

/**
 * Why our size of each characteristic differs from the report's: one sentence per letter in
 * {@code coverage-notes.properties} (UTF-8, editable without touching code), {@code default} for letters without one.
 */
public final class CoverageNotes {
    public static final String RESOURCE = "coverage-notes.properties";
    private final Properties notes;

    private CoverageNotes(Properties notes) {
        this.notes = notes;
    }

    public static CoverageNotes load() {
        Properties p = new Properties();
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (cl != null ? cl : CoverageNotes.class.getClassLoader()).getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new CoverageNotes(p);
    }

    /** The note for a letter (or {@code default}); null when neither exists. */
    public String forLetter(String letter) {
        String key = letter == null ? "default" : letter.toUpperCase(Locale.ROOT);
        String v = notes.getProperty(key);
        if (v == null || v.isBlank()) {
            v = notes.getProperty("default");
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** A general note by key (e.g. {@code universe}); null when absent. */
    public String get(String key) {
        String v = notes.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
