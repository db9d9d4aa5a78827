package dev.needle.activities.formats.lightly;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.needle.activities.TooLargeException;
import dev.needle.activities.formats.BoundedLines;
import dev.needle.activities.formats.Catalog;
import dev.needle.activities.formats.FormatException;
import dev.needle.activities.formats.ImageRef;

/**
 * Lightly's {@code embeddings.csv}: header {@code filenames,embedding_0,…,embedding_{d-1},labels}, optionally followed
 * by {@code masked} and {@code selected}, one row per image (DESIGN.md §7).
 */
public final class LightlyEmbeddings {

    /** Longest embedding {@link #parse(String, String, Catalog)} takes, as {@value #DIMENSION_SETTING} by default. */
    public static final int MAX_DIMENSION = 4096;
    public static final String DIMENSION_SETTING = "needle.imports.max-embedding-dimension";

    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES);

    /** The vectors of the images the file names, in file order. */
    public record Rows(List<ImageRef> images, List<float[]> vectors, int dimension) {
    }

    private LightlyEmbeddings() {
    }

    /** {@link #parse(String, Reader, Catalog, int)} of a text, with the default bound on the dimension. */
    public static Rows parse(String file, String csv, Catalog catalog) {
        if (csv == null || csv.isBlank())
            throw new FormatException(file, "header", "the file is empty");
        return parse(file, new StringReader(csv), catalog, MAX_DIMENSION);
    }

    /**
     * Reads row by row, so a large file costs its vectors' memory and not its text's. A header with more than
     * {@code maxDimension} embedding columns is refused as it streams in, and so is any line too long for that.
     */
    public static Rows parse(String file, Reader csv, Catalog catalog, int maxDimension) {
        String bound = "embeddings have at most " + maxDimension + " dimensions (" + DIMENSION_SETTING + ")";
        // filenames, the embedding, labels, masked, selected; a value is a float, a file name a path of the dataset
        Reader bounded = new BoundedLines(csv, file, maxDimension + 4, 4096 + 64L * (maxDimension + 4), bound);
        try (MappingIterator<String[]> lines = CSV.readerFor(String[].class).readValues(bounded)) {
            if (!lines.hasNext())
                throw new FormatException(file, "header", "the file is empty");
            String[] header = lines.next();
            int d = checkHeader(file, header);
            if (d > maxDimension)
                throw new FormatException(file, "header", "has " + d + " embedding columns; " + bound);
            List<ImageRef> images = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (int r = 1; lines.hasNext(); r++) {
                String[] row = lines.next();
                String line = "line " + (r + 1);
                if (row.length == 1 && row[0].isEmpty())
                    continue; // a trailing blank line
                if (row.length != header.length) {
                    throw new FormatException(file, line, "has " + row.length + " columns, the header " + header.length);
                }
                ImageRef image = catalog.require(row[0], file, line + ".filenames");
                if (!seen.add(image.sampleId()))
                    throw new FormatException(file, line + ".filenames", row[0] + " appears twice");
                vectors.add(vector(row, d, file, line));
                images.add(image);
            }
            if (images.isEmpty())
                throw new FormatException(file, "line 2", "the file has a header but no rows");
            return new Rows(images, vectors, d);
        } catch (FormatException | TooLargeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Jackson wraps what the reader throws; a refusal of ours inside stays what it was.
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof FormatException format)
                    throw format;
                if (t instanceof TooLargeException tooLarge)
                    throw tooLarge;
            }
            throw new FormatException(file, "(file)", "unreadable CSV: " + e.getMessage());
        }
    }

    private static float[] vector(String[] row, int d, String file, String line) {
        float[] vector = new float[d];
        for (int j = 0; j < d; j++) {
            String field = line + ".embedding_" + j;
            try {
                vector[j] = Float.parseFloat(row[j + 1]);
            } catch (NumberFormatException e) {
                throw new FormatException(file, field, "'" + row[j + 1] + "' is not a number");
            }
            if (!Float.isFinite(vector[j]))
                throw new FormatException(file, field, "is " + row[j + 1] + "; embeddings must be finite");
        }
        return vector;
    }

    /** Writes vectors as Lightly does; {@code labels} are 0 as in a Lightly export without labels. */
    public static String write(List<String> fileNames, List<float[]> vectors) {
        int d = vectors.isEmpty() ? 0 : vectors.get(0).length;
        StringWriter out = new StringWriter();
        try (var writer = CSV.writer(CsvSchema.emptySchema()).without(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
                .writeValues(out)) {
            String[] header = new String[d + 2];
            header[0] = "filenames";
            for (int j = 0; j < d; j++)
                header[j + 1] = "embedding_" + j;
            header[d + 1] = "labels";
            writer.write(header);
            for (int i = 0; i < fileNames.size(); i++) {
                String[] row = new String[d + 2];
                row[0] = fileNames.get(i);
                for (int j = 0; j < d; j++)
                    row[j + 1] = Float.toString(vectors.get(i)[j]);
                row[d + 1] = "0";
                writer.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static int checkHeader(String file, String[] header) {
        if (header.length < 3 || !"filenames".equals(header[0]))
            throw new FormatException(file, "header", "must start with filenames,embedding_0,…");
        int d = 0;
        while (d + 1 < header.length && header[d + 1].equals("embedding_" + d))
            d++;
        if (d == 0)
            throw new FormatException(file, "header", "column 2 must be embedding_0, is " + header[1]);
        List<String> rest = List.of(header).subList(d + 1, header.length);
        boolean ok = !rest.isEmpty() && rest.get(0).equals("labels")
                && (rest.size() == 1
                        || rest.subList(1, rest.size()).stream().allMatch(c -> c.equals("masked") || c.equals("selected")))
                && new HashSet<>(rest).size() == rest.size();
        if (!ok) {
            throw new FormatException(file, "header", "after embedding_" + (d - 1)
                    + " come labels and optionally masked, selected; found " + String.join(",", rest));
        }
        return d;
    }
}
