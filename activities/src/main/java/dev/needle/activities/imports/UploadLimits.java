package dev.needle.activities.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.needle.activities.BadInputException;

/**
 * {@link ImportConfig#maxUploadSize()} applied to what comes in: a declared length is refused before a byte is read,
 * a stream as soon as it passes the limit, so a huge upload never fills the heap or the disk.
 */
@ApplicationScoped
public class UploadLimits {

    @Inject
    ImportConfig config;

    public long maxBytes() {
        return config.maxUploadSize().asLongValue();
    }

    public int maxEmbeddingDimension() {
        return config.maxEmbeddingDimension();
    }

    /** A size known up front, e.g. a request's Content-Length or a multipart part on disk; null is unknown. */
    public void check(Long bytes, String field) {
        if (bytes != null && bytes > maxBytes())
            throw new UploadTooLarge(field, maxBytes());
    }

    /** The stream, failing with {@link UploadTooLarge} once more than the limit has been read from it. */
    public InputStream capped(InputStream in, String field) {
        long limit = maxBytes();
        return new CappedStream(in, limit, () -> new UploadTooLarge(field, limit));
    }

    /** The whole upload, at most the limit; an empty one is refused, naming {@code field}. */
    public byte[] read(InputStream in, String field) {
        if (in == null)
            throw new BadInputException(field, "is missing: send the file as the request body");
        byte[] bytes;
        try (InputStream capped = capped(in, field)) {
            bytes = capped.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length == 0)
            throw new BadInputException(field, "is empty");
        return bytes;
    }
}
