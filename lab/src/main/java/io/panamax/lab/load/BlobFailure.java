package io.panamax.lab.load;

import java.io.IOException;

/**
 * A blob load generator's run failed: an answer other than the one the contract promises (PUT 201, GET 302 then
 * 200 with the same bytes, DELETE 204), or an I/O error on the way. The message names the operation, the key, every
 * status seen and, for a read run, the round and key index, e.g. {@code GET /benchmark-42 failed (round 745 of 1000,
 * key index 164): master status=302 location=http://127.0.0.1:40123/sv01/ab/cd/L2JlbmNobWFyay00Mg== -> volume
 * status=404, expected 200}.
 */
public final class BlobFailure extends IOException {

    private final BlobOp op;
    private final String key;
    private final String detail;

    /**
     * @param op the operation that failed
     * @param key the key path
     * @param detail the statuses seen and what was expected
     * @param context where in the run (round, key index), or null
     * @param cause the I/O error, or null
     */
    public BlobFailure(BlobOp op, String key, String detail, String context, Throwable cause) {
        super(op + " " + key + " failed" + (context == null ? "" : " (" + context + ")") + ": " + detail, cause);
        this.op = op;
        this.key = key;
        this.detail = detail;
    }

    /** The same failure with {@code context} (round, key index) in its message. */
    public BlobFailure in(String context) {
        BlobFailure f = new BlobFailure(op, key, detail, context, getCause());
        f.setStackTrace(getStackTrace());
        return f;
    }

    public BlobOp op() {
        return op;
    }

    public String key() {
        return key;
    }

    /** The statuses seen and what was expected, without the operation, key and context. */
    public String detail() {
        return detail;
    }
}
