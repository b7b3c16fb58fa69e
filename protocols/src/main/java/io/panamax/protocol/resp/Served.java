package io.panamax.protocol.resp;

/**
 * What a blocked command gets: a popped element (with its key, and its score for a sorted set), an error, or
 * nothing (timeout). {@code pushToShard >= 0} marks a BLMOVE element popped on the source shard that still has to be
 * pushed on the destination shard.
 *
 * @param key the key popped from (BLPOP/BZPOP replies name it)
 * @param element the list element or sorted-set member
 * @param score the member's score (sorted sets)
 * @param error a pre-encoded error reply, or null
 * @param pushToShard destination shard of a cross-shard BLMOVE still to push, else -1
 */
record Served(byte[] key, byte[] element, double score, byte[] error, int pushToShard) {
    /** The reply of a timeout (or CLIENT UNBLOCK ... TIMEOUT). */
    static final Served TIMEOUT = new Served(null, null, 0, null, -1);

    static Served element(byte[] key, byte[] element) {
        return new Served(key, element, 0, null, -1);
    }

    static Served member(byte[] key, byte[] member, double score) {
        return new Served(key, member, score, null, -1);
    }

    static Served error(byte[] encoded) {
        return new Served(null, null, 0, encoded, -1);
    }

    /** The same element, pushed (or to be replied to directly). */
    Served pushed() {
        return new Served(key, element, score, null, -1);
    }
}
