package io.panamax.engine.lsm;

/**
 * Layout of a WAL file (little-endian): a 16-byte file header, then records, one per write batch.
 *
 * <pre>
 * File header
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Magic 0x4C575850 "PXWL"                   |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                   WAL File Number (64 bits)                   |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *
 * Record
 *  +---------------------------------------------------------------+
 *  |           CRC32C of bytes [4, 20 + Payload Length)            |
 *  +---------------------------------------------------------------+
 *  |                        Payload Length                         |
 *  +---------------------------------------------------------------+
 *  |              First Sequence Number (64 bits)                  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          Entry Count                          |
 *  +---------------------------------------------------------------+
 *  |                 Payload (entries, see below)                 ...
 *  +---------------------------------------------------------------+
 *
 * Entry: put    = [type=1 : 1][key length : 4][value length : 4][key][value]
 *        delete = [type=0 : 1][key length : 4][key]
 * </pre>
 *
 * Entry i of a record has sequence number {@code First Sequence Number + i}. The WAL has no whole-file footer: it is
 * append-only and each record carries its own CRC32C. Recovery stops at the first record that is incomplete or fails
 * its CRC when no valid record follows it (a torn tail); a bad record followed by a valid one is corruption.
 */
final class WalDescriptor {
    /** "PXWL" read as a little-endian int. */
    static final int MAGIC = 0x4C575850;
    /** Current format version. */
    static final int VERSION = 1;
    /** Bytes in the file header. */
    static final int FILE_HEADER_LENGTH = 16;
    /** Offset of the format version in the file header. */
    static final int VERSION_OFFSET = 4;
    /** Offset of the WAL file number in the file header. */
    static final int FILE_NUMBER_OFFSET = 8;

    /** Offset of the record CRC32C. */
    static final int CRC_OFFSET = 0;
    /** Offset of the payload length. */
    static final int LENGTH_OFFSET = 4;
    /** Offset of the first sequence number. */
    static final int SEQUENCE_OFFSET = 8;
    /** Offset of the entry count. */
    static final int COUNT_OFFSET = 16;
    /** Bytes in a record header; the payload follows. */
    static final int RECORD_HEADER_LENGTH = 20;

    private WalDescriptor() {}
}
