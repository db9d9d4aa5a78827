package dev.needle.web.iteration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import dev.needle.activities.formats.csv.LabelCsv;
import dev.needle.activities.imports.CappedStream;
import dev.needle.activities.labeling.LabelUploadConfig;
import dev.needle.activities.labeling.LabelUploadTooLarge;
import dev.needle.web.problem.ProblemException;
import dev.needle.workflows.messages.values.LabelEntry;

/**
 * Label upload bodies, read as they stream in: never more than {@code needle.labels.max-upload-size} bytes of one (a
 * longer body is a 413 naming the setting, its rest unread), and never more than {@code needle.labels.max-entries}
 * labels (the next one is a 413 too), so an upload costs bounded memory before anything checks it.
 */
@ApplicationScoped
public class LabelUploads {

    @Inject
    ObjectMapper json;
    @Inject
    LabelUploadConfig limits;

    /** {@code {"labels": [{"fileName": …, "label": …}, …]}}, with the API's strict JSON rules. */
    public List<LabelEntry> json(InputStream body) throws IOException {
        long limit = limits.maxUploadSize().asLongValue();
        CappedStream in = new CappedStream(body, limit, () -> LabelUploadTooLarge.bytes(limit));
        try (JsonParser parser = json.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT)
                throw ProblemException.badRequest(null, "expected a JSON object {\"labels\": [...]}");
            List<LabelEntry> entries = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!"labels".equals(field))
                    throw ProblemException.badRequest(field, "unknown field");
                entries = entries(parser);
            }
            if (parser.nextToken() != null)
                throw ProblemException.badRequest(null, "unreadable JSON: content after the object");
            return entries;
        } catch (IOException | RuntimeException e) {
            if (in.exceeded())
                throw LabelUploadTooLarge.bytes(limit);
            throw e;
        }
    }

    /** CSV with the header {@code file_name,label}, the format labeling tools export. */
    public List<LabelEntry> csv(InputStream body) throws IOException {
        long limit = limits.maxUploadSize().asLongValue();
        CappedStream in = new CappedStream(body, limit, () -> LabelUploadTooLarge.bytes(limit));
        String csv;
        try {
            csv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (in.exceeded())
                throw LabelUploadTooLarge.bytes(limit);
            throw e;
        }
        // Lines bound rows from above (a quoted label may span two), so this refuses before any row is parsed.
        if (csv.lines().count() - 1 > limits.maxEntries())
            throw LabelUploadTooLarge.entries(limits.maxEntries());
        return LabelCsv.parse("(upload)", csv);
    }

    /** One label of the list; what follows it is the list's business, not a trailing token. */
    private ObjectReader entry() {
        return json.readerFor(LabelEntry.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private List<LabelEntry> entries(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL)
            return null;
        if (parser.currentToken() != JsonToken.START_ARRAY)
            throw ProblemException.badRequest("labels", "must be a list of {fileName, label} or {fileName, boxes}");
        ObjectReader entry = entry();
        List<LabelEntry> entries = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (entries.size() == limits.maxEntries())
                throw LabelUploadTooLarge.entries(limits.maxEntries());
            try {
                entries.add(entry.readValue(parser));
            } catch (JsonMappingException e) {
                // Named from the body's root, as the API names every field: labels[3].fileName.
                e.prependPath(entries, entries.size());
                e.prependPath(null, "labels");
                throw e;
            }
        }
        return entries;
    }

}
