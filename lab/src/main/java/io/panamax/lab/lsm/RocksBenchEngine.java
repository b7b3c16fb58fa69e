package io.panamax.lab.lsm;

import java.nio.file.Path;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/**
 * {@link BenchEngine} over RocksDB (rocksdbjni) configured like the Panamax store: WAL on, 64 MiB memtable, 4 KiB
 * blocks, 10-bit bloom filter, no compression, a block cache of {@code cacheBytes}.
 */
final class RocksBenchEngine implements BenchEngine {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final LRUCache cache;
    private final BloomFilter bloom;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions = new ReadOptions();

    RocksBenchEngine(Path dir, boolean fsync, long cacheBytes) throws Exception {
        cache = new LRUCache(cacheBytes);
        bloom = new BloomFilter(10, false);
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setFilterPolicy(bloom)
                .setBlockSize(4096);
        options = new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(64L << 20)
                .setMaxBackgroundJobs(2)
                .setCompressionType(CompressionType.NO_COMPRESSION)
                .setTableFormatConfig(table);
        db = RocksDB.open(options, dir.toString());
        writeOptions = new WriteOptions().setSync(fsync);
    }

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public void put(byte[] key, byte[] value) throws Exception {
        db.put(writeOptions, key, value);
    }

    @Override
    public int get(byte[] key, byte[] dst) throws Exception {
        int n = db.get(readOptions, key, dst);
        return n == RocksDB.NOT_FOUND ? -1 : n;
    }

    @Override
    public void delete(byte[] key) throws Exception {
        db.delete(writeOptions, key);
    }

    @Override
    public int seek(byte[] key) {
        try (RocksIterator it = db.newIterator(readOptions)) {
            it.seek(key);
            return it.isValid() ? it.key().length : -1;
        }
    }

    @Override
    public long scan(long[] bytes) {
        long n = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                bytes[0] += it.key().length + it.value().length;
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        writeOptions.close();
        readOptions.close();
        db.close();
        options.close();
        bloom.close();
        cache.close();
    }
}
