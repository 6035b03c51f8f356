package io.resilienceradar.ingest.parse;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvReader;
import io.resilienceradar.ingest.domain.GssIds;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Streams a CSV as rows of strings with FastCSV, with each row's physical starting line for problem reports.
 * <p>
 * On a 10-million-row release the per-cell work matters, so the callback handler (FastCSV hands over each field as a
 * range of its char buffer) makes Strings only for the columns a reader asked for ({@link #keepOnly}), reuses the
 * previous row's String when a column repeats its value (indicator, period, unit: a release is grouped by them), makes
 * one String per distinct area code ({@link #areaCodes}), and reuses the row array. The whole row's text is copied into one reusable char array for problem reports (a plain
 * array copy: a StringBuilder's per-char Latin-1 check cost more than the tokenizer).
 * Unquoted values are trimmed of spaces and tabs (as Jackson CSV's TRIM_SPACES did).
 */
final class CsvRows implements AutoCloseable {
    private final CsvReader<String[]> reader;
    private final CloseableIterator<String[]> it;
    private final Handler handler = new Handler();
    private long line;

    CsvRows(Reader in) {
        reader = CsvReader.builder()
                .skipEmptyLines(true)
                .allowExtraFields(true)   // a row of the wrong width is reported by the format readers
                .allowMissingFields(true)
                .build(handler, in);
        it = reader.iterator();
    }

    /** From now on only these columns are materialised; the others are null in the rows (text() still has them). */
    void keepOnly(int... columns) {
        boolean[] keep = new boolean[Arrays.stream(columns).max().orElse(-1) + 1];
        for (int c : columns) {
            keep[c] = true;
        }
        handler.keep = keep;
    }

    /**
     * This column holds GSS area codes: each distinct code becomes a String once (looked up by its number, not by a
     * String's hash), and rows share it.
     */
    void areaCodes(int column) {
        handler.area = column;
    }

    /** This column's values rarely repeat (observation values): no comparison with the previous row's. */
    void unique(int column) {
        handler.unique = column;
    }

    /** Next row, or null at the end. The array is reused by the next call; its Strings are not. */
    String[] next() throws IOException {
        if (!it.hasNext()) {
            return null;
        }
        String[] row = it.next();
        line = handler.line;
        return row;
    }

    /** The line the current row starts on (1-based). */
    long line() {
        return line;
    }

    /** The current row's cells joined with commas, skipped columns included (for problem reports). */
    String text() {
        return new String(handler.text, 0, handler.textLength);
    }

    /** True when every cell of the current row, skipped ones included, is blank. */
    boolean blank() {
        return !handler.nonBlank;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private static final class Handler extends AbstractBaseCsvCallbackHandler<String[]> {
        private static final int MAX_AREAS = 1 << 20; // beyond this many distinct codes, plain Strings (bounded memory)
        boolean[] keep; // null: every column
        int area = -1;
        int unique = -1;
        private final GssIds areaIds = new GssIds();
        private final ArrayList<String> areaTexts = new ArrayList<>();
        private char[][] previousChars = new char[16][];
        char[] text = new char[256];
        int textLength;
        boolean nonBlank;
        private String[] cells = new String[16];
        private String[] previous = new String[16];
        private String[] row = new String[0];
        long line;

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = startingLineNumber;
            textLength = 0;
            nonBlank = false;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int len, boolean quoted) {
            if (!quoted) { // trim spaces and tabs around unquoted values
                while (len > 0 && isBlank(buf[offset])) {
                    offset++;
                    len--;
                }
                while (len > 0 && isBlank(buf[offset + len - 1])) {
                    len--;
                }
            }
            if (index >= cells.length) {
                cells = Arrays.copyOf(cells, index * 2);
                previous = Arrays.copyOf(previous, index * 2);
                previousChars = Arrays.copyOf(previousChars, index * 2);
            }
            if (textLength + len + 1 > text.length) {
                text = Arrays.copyOf(text, Math.max(text.length * 2, textLength + len + 1));
            }
            if (index > 0) {
                text[textLength++] = ',';
            }
            System.arraycopy(buf, offset, text, textLength, len);
            textLength += len;
            if (!nonBlank) {
                for (int i = offset; i < offset + len; i++) {
                    if (!Character.isWhitespace(buf[i])) {
                        nonBlank = true;
                        break;
                    }
                }
            }
            if (keep != null && (index >= keep.length || !keep[index])) {
                cells[index] = null;
                return;
            }
            if (index == area) {
                cells[index] = areaCode(buf, offset, len);
                return;
            }
            if (index == unique) {
                cells[index] = new String(buf, offset, len);
                return;
            }
            // the previous row's chars kept beside its String: a vectorised range compare instead of charAt per char
            char[] last = previousChars[index];
            if (last == null || last.length != len || !Arrays.equals(last, 0, len, buf, offset, offset + len)) {
                previous[index] = new String(buf, offset, len);
                previousChars[index] = Arrays.copyOfRange(buf, offset, offset + len);
            }
            cells[index] = previous[index];
        }

        private String areaCode(char[] buf, int offset, int len) {
            int number = GssIds.number(buf, offset, len);
            if (number < 0) {
                return new String(buf, offset, len); // the validator reports it
            }
            int id = areaIds.find(number);
            if (id == 0) {
                if (areaIds.size() >= MAX_AREAS) {
                    return new String(buf, offset, len);
                }
                id = areaIds.id(number);
                areaTexts.add(new String(buf, offset, len));
            }
            return areaTexts.get(id - 1);
        }

        @Override
        protected String[] buildRecord() {
            int n = getFieldCount();
            if (row.length != n) {
                row = new String[n];
            }
            System.arraycopy(cells, 0, row, 0, n);
            return row;
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
