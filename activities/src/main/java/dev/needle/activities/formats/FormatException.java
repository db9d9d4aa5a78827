package dev.needle.activities.formats;

import dev.needle.activities.BadInputException;

/**
 * A file a user brought is wrong at one place: names the file (as the user named it, e.g. a path inside an uploaded
 * folder) and the field within it, e.g. {@code predictions[2].bbox}.
 */
public class FormatException extends BadInputException {

    private final String file;

    public FormatException(String file, String field, String reason) {
        super(field, reason);
        this.file = file;
    }

    public String file() {
        return file;
    }

    @Override
    public String getMessage() {
        return "file: " + file + ", " + super.getMessage();
    }
}
