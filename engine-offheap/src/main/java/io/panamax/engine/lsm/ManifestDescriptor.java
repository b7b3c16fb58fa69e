package io.panamax.engine.lsm;

/**
 * Layout of the {@code MANIFEST} file (little-endian). The whole file is rewritten on every change: written to
 * {@code MANIFEST.tmp}, fsynced, renamed over {@code MANIFEST}, and the directory fsynced, so a crash leaves either the
 * old or the new manifest.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic 0x4E4D5850 "PXMN"                    |
 *  +---------------------------------------------------------------+
 *  |                        Format Version                         |
 *  +---------------------------------------------------------------+
 *  |                  Next File Number (64 bits)                   |
 *  +---------------------------------------------------------------+
 *  |                    Last Sequence (64 bits)                    |
 *  +---------------------------------------------------------------+
 *  |   Log Number (64 bits): WAL files numbered below are flushed  |
 *  +---------------------------------------------------------------+
 *  |                          File Count                           |
 *  +---------------------------------------------------------------+
 *  |                    File entries (see below)                  ...
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of all preceding bytes                |
 *  +---------------------------------------------------------------+
 *
 * File entry: [level : 4][number : 8][size : 8][entry count : 8]
 *             [smallest length : 4][smallest][largest length : 4][largest]
 * </pre>
 */
final class ManifestDescriptor {
    /** "PXMN" read as a little-endian int. */
    static final int MAGIC = 0x4E4D5850;
    /** Current format version. */
    static final int VERSION = 1;
    /** Bytes before the first file entry. */
    static final int HEADER_LENGTH = 36;

    private ManifestDescriptor() {}
}
