package io.panamax.lab.load;

/**
 * What the blob load generators time, one HdrHistogram each; the name is the test name in results and reports.
 * {@link #GET} includes following the master's 302 to the volume; {@link #CYCLE} is a whole PUT, GET, DELETE cycle
 * of the thrasher.
 */
public enum BlobOp {
    PUT,
    GET,
    DELETE,
    CYCLE
}
