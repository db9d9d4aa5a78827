package dev.needle.activities.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * An upload read no further than its limit: reading the byte after it throws the caller's "too large" refusal, so a
 * huge body never fills the heap or the disk. {@link #exceeded()} says so even where a parser wrapped the refusal.
 */
public final class CappedStream extends FilterInputStream {

    private final long limit;
    private final Supplier<? extends RuntimeException> tooLarge;
    private long read;
    private boolean exceeded;

    public CappedStream(InputStream in, long limit, Supplier<? extends RuntimeException> tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    public boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0)
            count(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never ask for more than one byte past the limit: that byte is enough to know.
        int n = super.read(buffer, offset, (int) Math.min(length, limit - read + 1));
        if (n > 0)
            count(n);
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > limit) {
            exceeded = true;
            throw tooLarge.get();
        }
    }
}
