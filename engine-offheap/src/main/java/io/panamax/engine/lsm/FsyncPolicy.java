package io.panamax.engine.lsm;

/** When the WAL is forced to stable storage (see {@link LsmConfig#fsyncPolicy()}). */
public enum FsyncPolicy {
    /** Every write is acknowledged only after its WAL record is fsynced (group commit shares one fsync). */
    ALWAYS,
    /** A background thread fsyncs the WAL about once per second; a power loss may lose up to ~1 s of writes. */
    EVERYSEC,
    /** The WAL is written to the OS but never fsynced by the store; survives a process crash, not a power loss. */
    NO
}
