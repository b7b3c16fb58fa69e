package io.panamax.engine.lsm;

/**
 * Layout of an SSTable file (little-endian). See {@code FORMAT.md} beside this class for the full specification.
 *
 * <pre>
 * +--------+--------------+-----+--------------+--------------+-------------+--------+
 * | header | data block 0 | ... | data block n | filter block | index block | footer |
 * +--------+--------------+-----+--------------+--------------+-------------+--------+
 *
 * Header (16 bytes)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic 0x53535850 "PXSS"                    |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |               Flags (bit 0: zstd data blocks)                 |
 *  +---------------------------------------------------------------+
 *  |                      Reserved (zero)                          |
 *  +---------------------------------------------------------------+
 *
 * Every block is followed by a 5-byte trailer:
 *  +---------------+-----------------------------------------------+
 *  | Compression   |  CRC32C of block bytes + compression byte     |
 *  +---------------+-----------------------------------------------+
 *
 * Footer (48 bytes, at file end)
 *  +---------------------------------------------------------------+
 *  |                  Index Block Offset (64 bits)                 |
 *  +---------------------------------------------------------------+
 *  |                  Filter Block Offset (64 bits)                |
 *  +---------------------------------------------------------------+
 *  |                     Entry Count (64 bits)                     |
 *  +---------------------------------------------------------------+
 *  |                       Index Block Size                        |
 *  +---------------------------------------------------------------+
 *  |                       Filter Block Size                       |
 *  +---------------------------------------------------------------+
 *  |            CRC32C of every byte before the footer             |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                    Magic 0x53535850 "PXSS"                    |
 *  +---------------------------------------------------------------+
 *  |                CRC32C of footer bytes [0, 44)                 |
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class SSTableDescriptor {
    /** "PXSS" read as a little-endian int. */
    static final int MAGIC = 0x53535850;
    /** Current format version: 2, bloom filters hashed with {@link Keys#hash64(MemorySegment)} (XXH3). */
    static final int VERSION = 2;
    /** Format 1 (still read): the same layout, bloom filters hashed with {@link Keys#hash64V1}. */
    static final int VERSION_1 = 1;
    /** Header length. */
    static final int HEADER_LENGTH = 16;
    /** Header flag: data blocks may be zstd-compressed. */
    static final int FLAG_ZSTD = 1;

    /** Bytes after every block: compression type (1) + CRC32C (4). */
    static final int BLOCK_TRAILER_LENGTH = 5;
    /** Compression type byte: stored as is. */
    static final byte COMPRESSION_NONE = 0;
    /** Compression type byte: [uncompressed length : 4][zstd frame]. */
    static final byte COMPRESSION_ZSTD = 1;

    /** Footer length. */
    static final int FOOTER_LENGTH = 48;
    static final int FOOTER_INDEX_OFFSET = 0;
    static final int FOOTER_FILTER_OFFSET = 8;
    static final int FOOTER_ENTRY_COUNT = 16;
    static final int FOOTER_INDEX_SIZE = 24;
    static final int FOOTER_FILTER_SIZE = 28;
    static final int FOOTER_FILE_CRC = 32;
    static final int FOOTER_VERSION = 36;
    static final int FOOTER_MAGIC = 40;
    static final int FOOTER_CRC = 44;

    private SSTableDescriptor() {}
}
