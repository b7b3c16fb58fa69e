package io.panamax.lab.lsm;

/** The operations the LSM benchmark drives; one implementation per engine. Thread-safe like the engines. */
interface BenchEngine extends AutoCloseable {
    /** Engine name as printed and in JSON. */
    String name();

    void put(byte[] key, byte[] value) throws Exception;

    /** Copies the value into {@code dst}; returns its length or -1 when absent. */
    int get(byte[] key, byte[] dst) throws Exception;

    void delete(byte[] key) throws Exception;

    /** Seeks to the first key &gt;= {@code key}; returns that key's length or -1 at the end. */
    int seek(byte[] key) throws Exception;

    /** Iterates every entry; returns the number of entries and adds key+value bytes to {@code bytes[0]}. */
    long scan(long[] bytes) throws Exception;

    @Override
    void close() throws Exception;
}
