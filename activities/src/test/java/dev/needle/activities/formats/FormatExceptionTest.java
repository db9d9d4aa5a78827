package dev.needle.activities.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatExceptionTest {

    @Test
    void theReasonIsTheReasonAlone_thoughTheMessageNamesFileAndField() {
        FormatException e = new FormatException("labels.csv (upload)", "header", "expected file_name,label");
        assertEquals("expected file_name,label", e.reason());
        assertEquals("header", e.field());
        assertEquals("file: labels.csv (upload), header: expected file_name,label", e.getMessage());
    }
}
