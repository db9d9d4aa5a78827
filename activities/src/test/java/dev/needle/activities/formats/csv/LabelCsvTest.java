package dev.needle.activities.formats.csv;

import static dev.needle.activities.formats.Fixtures.assertFault;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.needle.workflows.messages.values.LabelEntry;

class LabelCsvTest {

    @Test
    void roundTrip_writeThenReadGivesTheSameLabels() {
        List<LabelEntry> labels = List.of(new LabelEntry("pool/a,1.png", "car"), new LabelEntry("pool/b.png", "sign"));
        assertEquals(labels, LabelCsv.parse("l.csv", LabelCsv.write(labels)));
    }

    @Test
    void malformedFilesAreRefusedNamingFileAndField() {
        assertFault("l.csv", "header", () -> LabelCsv.parse("l.csv", "file,class\na.png,car\n"));
        assertFault("l.csv", "line 3.label", () -> LabelCsv.parse("l.csv", "file_name,label\na.png,car\nb.png,\n"));
        assertFault("l.csv", "header", () -> LabelCsv.parse("l.csv", ""));
    }
}
