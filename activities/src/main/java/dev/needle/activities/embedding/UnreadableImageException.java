package dev.needle.activities.embedding;

import java.io.IOException;

/**
 * The file's content is not an image that can be embedded: empty, truncated, not an image, an unsupported format or
 * too large. Permanent: reading the same bytes again gives the same answer. Other {@link IOException}s (a missing
 * file, a network share that hiccuped) are about reaching the file and may be worth a retry.
 */
public class UnreadableImageException extends IOException {

    public UnreadableImageException(String reason) {
        super(reason);
    }

    /** A sentence a person can act on, e.g. "truncated: the PNG header ends early". */
    public String reason() {
        return getMessage();
    }
}
