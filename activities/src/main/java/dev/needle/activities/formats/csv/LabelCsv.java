package dev.needle.activities.formats.csv;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.needle.activities.formats.FormatException;
import dev.needle.workflows.messages.values.LabelEntry;

/** Classification labels as CSV with the header {@code file_name,label}, the format labeling tools export. */
public final class LabelCsv {

    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema SCHEMA = CsvSchema.builder().addColumn("file_name").addColumn("label").build()
            .withHeader();

    private LabelCsv() {
    }

    /** One entry per line; a file or label left empty is named by its line. File names are matched later. */
    public static List<LabelEntry> parse(String file, String csv) {
        if (csv == null || csv.isBlank())
            throw new FormatException(file, "header", "the file is empty");
        List<LabelEntry> entries = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            int line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                if (!row.containsKey("file_name") || !row.containsKey("label"))
                    throw new FormatException(file, "header", "must be file_name,label");
                String name = row.get("file_name");
                String label = row.get("label");
                if (name == null || name.isBlank())
                    throw new FormatException(file, "line " + line + ".file_name", "is empty");
                if (label == null || label.isBlank())
                    throw new FormatException(file, "line " + line + ".label", "is empty");
                entries.add(new LabelEntry(name.strip(), label.strip()));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof FormatException format)
                throw format;
            throw new FormatException(file, "(file)", "unreadable CSV: " + e.getMessage());
        }
        return entries;
    }

    /** A row per image; images without a label get an empty label for the annotator to fill in. */
    public static String write(List<LabelEntry> rows) {
        StringWriter out = new StringWriter();
        try (SequenceWriter writer = CSV.writer(SCHEMA).writeValues(out)) {
            for (LabelEntry row : rows)
                writer.write(new String[] { row.fileName(), row.label() == null ? "" : row.label() });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
