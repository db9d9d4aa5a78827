package dev.needle.web.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code field} and {@code reason} name what was wrong with the request, so a client can
 * show the message next to the right input; {@code file} names the uploaded file (or the file inside an uploaded
 * folder) the field is in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field, String reason, String file) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String field, String reason) {
        return of(status, title, null, field, reason);
    }

    public static Problem of(int status, String title, String file, String field, String reason) {
        String detail = (file == null ? "" : "file: " + file + ", ") + (field == null ? reason : field + ": " + reason);
        return new Problem("about:blank", title, status, detail, field, reason, file);
    }
}
