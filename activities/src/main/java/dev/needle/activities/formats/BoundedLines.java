package dev.needle.activities.formats;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * A CSV file read with a bound on each line's columns and characters, checked as the text streams in: a header with a
 * million columns, or one line of a gigabyte, is refused at that line before a parser holds it whole. Separators and
 * line ends inside double quotes belong to a value and are not counted.
 */
public final class BoundedLines extends FilterReader {

    private final String file;
    private final int maxColumns;
    private final long maxChars;
    private final String why;
    private int line = 1;
    private int separators;
    private long chars;
    private boolean quoted;

    /**
     * @param why what the column bound is, for the refusal, e.g. {@code "at most 4096 embedding columns (…)"}
     */
    public BoundedLines(Reader in, String file, int maxColumns, long maxChars, String why) {
        super(in);
        this.file = file;
        this.maxColumns = maxColumns;
        this.maxChars = maxChars;
        this.why = why;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0)
            see((char) c);
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++)
            see(buffer[offset + i]);
        return n;
    }

    private void see(char c) {
        if (c == '"') {
            quoted = !quoted;
        } else if (c == '\n' && !quoted) {
            line++;
            separators = 0;
            chars = 0;
            return;
        } else if (c == ',' && !quoted && ++separators >= maxColumns) {
            throw new FormatException(file, at(), "has more than " + maxColumns + " columns; " + why);
        }
        if (++chars > maxChars)
            throw new FormatException(file, at(), "is longer than " + maxChars + " characters; " + why);
    }

    private String at() {
        return line == 1 ? "header" : "line " + line;
    }
}
