package io.panamax.protocol.resp;

import io.panamax.engine.keyspace.Keyspace;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Commands over the whole keyspace, scatter-gathered over every shard: KEYS, SCAN, RANDOMKEY,
 * DBSIZE, FLUSHDB, FLUSHALL.
 *
 * <p>SCAN cursor layout: the low 10 bits are the shard being scanned, the bits above are that
 * shard's own table cursor; one SCAN call visits one shard, so a call may return fewer than COUNT
 * keys (as Redis allows) but the iteration keeps SCAN's guarantee shard by shard.
 */
final class KeyspaceCommands {
    static final int SHARD_BITS = 10;

    private KeyspaceCommands() {}

    static void register(CommandTable t) {
        t.register(CommandSpec.async("keys", 2, "readonly", 0, 0, 0, "keyspace read slow dangerous", KeyspaceCommands::keys));
        t.register(CommandSpec.async("scan", -2, "readonly", 0, 0, 0, "keyspace read slow", KeyspaceCommands::scan));
        t.register(CommandSpec.async("randomkey", 1, "readonly", 0, 0, 0, "keyspace read slow", KeyspaceCommands::randomkey));
        t.register(CommandSpec.async("dbsize", 1, "readonly fast", 0, 0, 0, "keyspace read fast", KeyspaceCommands::dbsize));
        t.register(CommandSpec.async("flushdb", -1, "write", 0, 0, 0, "keyspace write slow dangerous", KeyspaceCommands::flush));
        t.register(CommandSpec.async("flushall", -1, "write", 0, 0, 0, "keyspace write slow dangerous", KeyspaceCommands::flush));
    }

    /** Runs {@code work} on every shard and hands the results, in shard order, to {@code done}. */
    static <T> void onAllShards(RespSession session, ReplySlot slot, java.util.function.Function<Shard, T> work,
            java.util.function.Consumer<List<T>> done) {
        int n = session.server().shards().shardCount();
        List<T> results = new ArrayList<>(java.util.Collections.nCopies(n, null));
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            final int shard = i;
            session.onShard(slot, shard, work, result -> {
                results.set(shard, result);
                if (--remaining[0] == 0) {
                    done.accept(results);
                }
            });
        }
    }

    private static boolean keys(RespSession session, RespCommand c, ReplySlot slot) {
        byte[] pattern = c.argBytes(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        onAllShards(session, slot, shard -> {
            List<byte[]> found = new ArrayList<>();
            Keyspace ks = shard.keyspace();
            long cursor = 0;
            do {
                cursor = ks.scan(cursor, 1024, (seg, keyOffset, keyLength, ref) -> {
                    byte[] key = new byte[keyLength];
                    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, keyOffset, key, 0, keyLength);
                    if (all || Glob.matches(pattern, key, false)) {
                        found.add(key);
                    }
                });
            } while (cursor != 0);
            return found;
        }, lists -> {
            Reply r = slot.reply();
            r.array(lists.stream().mapToInt(List::size).sum());
            for (List<byte[]> l : lists) {
                for (byte[] k : l) {
                    r.bulk(k);
                }
            }
            slot.complete();
        });
        return false;
    }

    private static boolean scan(RespSession session, RespCommand c, ReplySlot slot) {
        String cursorText = c.argString(1);
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(cursorText);
        } catch (NumberFormatException e) {
            slot.completeWithError("ERR invalid cursor");
            return false;
        }
        byte[] pattern = null;
        long count = 10;
        String type = null;
        for (int i = 2; i < c.argCount(); i += 2) {
            if (i + 1 >= c.argCount()) {
                slot.completeWithError("ERR syntax error");
                return false;
            }
            if (c.argIs(i, "MATCH")) {
                pattern = c.argBytes(i + 1);
            } else if (c.argIs(i, "COUNT")) {
                if (!c.isLong(i + 1)) {
                    slot.completeWithError("ERR value is not an integer or out of range");
                    return false;
                }
                count = c.argLong(i + 1);
                if (count < 1) {
                    slot.completeWithError("ERR syntax error");
                    return false;
                }
            } else if (c.argIs(i, "TYPE")) {
                type = c.argString(i + 1).toLowerCase(java.util.Locale.ROOT);
            } else {
                slot.completeWithError("ERR syntax error");
                return false;
            }
        }
        int shardCount = session.server().shards().shardCount();
        int shard = (int) (cursor & ((1 << SHARD_BITS) - 1));
        long inner = cursor >>> SHARD_BITS;
        if (shard >= shardCount) {
            // A cursor from another topology: restart cleanly rather than fail.
            shard = 0;
            inner = 0;
        }
        final byte[] match = pattern;
        final String typeFilter = type;
        final int batch = (int) Math.min(count, 1 << 20);
        final int scanShard = shard;
        final long start = inner;
        session.onShard(slot, scanShard, s -> {
            List<byte[]> found = new ArrayList<>();
            Keyspace ks = s.keyspace();
            long next = ks.scan(start, batch, (seg, keyOffset, keyLength, ref) -> {
                if (typeFilter != null && !KeyspaceOps.typeName(ks.type(ref)).equals(typeFilter)) {
                    return;
                }
                byte[] key = new byte[keyLength];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, keyOffset, key, 0, keyLength);
                if (match == null || Glob.matches(match, key, false)) {
                    found.add(key);
                }
            });
            long nextCursor;
            if (next != 0) {
                nextCursor = (next << SHARD_BITS) | scanShard;
            } else if (scanShard + 1 < shardCount) {
                nextCursor = scanShard + 1;
            } else {
                nextCursor = 0;
            }
            return new Object[] {nextCursor, found};
        }, result -> {
            @SuppressWarnings("unchecked")
            List<byte[]> keys = (List<byte[]>) result[1];
            Reply r = slot.reply();
            r.array(2);
            r.bulk(Long.toUnsignedString((Long) result[0]));
            r.array(keys.size());
            for (byte[] k : keys) {
                r.bulk(k);
            }
            slot.complete();
        });
        return false;
    }

    private static boolean randomkey(RespSession session, RespCommand c, ReplySlot slot) {
        onAllShards(session, slot, shard -> {
            Keyspace ks = shard.keyspace();
            long ref = ks.randomRef(ThreadLocalRandom.current());
            return ref < 0 ? null : new Object[] {ks.size(), KeyspaceOps.keyBytes(ks, ref)};
        }, results -> {
            long total = 0;
            for (Object[] r : results) {
                if (r != null) {
                    total += (Long) r[0];
                }
            }
            Reply reply = slot.reply();
            if (total == 0) {
                reply.nullBulk();
            } else {
                long pick = ThreadLocalRandom.current().nextLong(total);
                for (Object[] r : results) {
                    if (r == null) {
                        continue;
                    }
                    pick -= (Long) r[0];
                    if (pick < 0) {
                        reply.bulk((byte[]) r[1]);
                        break;
                    }
                }
            }
            slot.complete();
        });
        return false;
    }

    private static boolean dbsize(RespSession session, RespCommand c, ReplySlot slot) {
        onAllShards(session, slot, shard -> shard.keyspace().size(), sizes -> {
            slot.reply().integer(sizes.stream().mapToLong(Long::longValue).sum());
            slot.complete();
        });
        return false;
    }

    private static boolean flush(RespSession session, RespCommand c, ReplySlot slot) {
        if (c.argCount() > 2 || (c.argCount() == 2 && !c.argIs(1, "ASYNC") && !c.argIs(1, "SYNC"))) {
            slot.completeWithError("ERR syntax error");
            return false;
        }
        onAllShards(session, slot, shard -> {
            shard.clear();
            return Boolean.TRUE;
        }, done -> {
            slot.reply().ok();
            slot.complete();
        });
        return false;
    }
}
