package io.panamax.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the same command sequences against a stock redis-server and Panamax and compares the
 * replies byte for byte. Keys are chosen so that multi-key commands span both shards.
 */
class DifferentialIT {
    private static ServerProcess redis;
    private static ServerProcess panamax;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(ServerProcess.redisInstalled(), "redis-server is not installed (.ci/run installs it)");
        redis = ServerProcess.redis();
        panamax = ServerProcess.panamax("--shards", "2");
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (panamax != null) {
            panamax.close();
        }
    }

    private static final String[][] STRINGS = {
        {"SET", "a", "1"}, {"GET", "a"}, {"GET", "missing"}, {"SET", "a", "2", "NX"}, {"SET", "a", "3", "XX"},
        {"SET", "new", "x", "XX"}, {"SET", "a", "4", "GET"}, {"SET", "nope", "4", "GET"}, {"SET", "a", "5", "NX", "GET"},
        {"SET", "a", "b", "NX", "XX"}, {"SET", "a", "b", "EX", "10", "PX", "100"}, {"SET", "a", "b", "EX", "0"},
        {"SET", "a", "b", "EX", "-5"}, {"SET", "a", "b", "EX", "abc"}, {"SET", "a", "b", "KEEPTTL", "EX", "5"},
        {"SET", "a", "b", "foo"}, {"SET", "a"}, {"SETNX", "a", "z"}, {"SETNX", "b", "z"}, {"GET", "b"},
        {"SETEX", "c", "100", "v"}, {"TTL", "c"}, {"SETEX", "c", "0", "v"}, {"PSETEX", "c", "-1", "v"},
        {"GETSET", "c", "w"}, {"TTL", "c"}, {"GETDEL", "c"}, {"GETDEL", "c"}, {"APPEND", "d", "hello"},
        {"APPEND", "d", " world"}, {"STRLEN", "d"}, {"STRLEN", "none"}, {"GETRANGE", "d", "0", "4"},
        {"GETRANGE", "d", "-5", "-1"}, {"GETRANGE", "d", "5", "2"}, {"GETRANGE", "d", "-100", "100"},
        {"GETRANGE", "d", "x", "1"}, {"GETRANGE", "none", "0", "-1"}, {"SETRANGE", "d", "6", "Redis"}, {"GET", "d"},
        {"SETRANGE", "e", "3", "abc"}, {"GET", "e"}, {"SETRANGE", "e", "-1", "x"}, {"SETRANGE", "f", "0", ""},
        {"EXISTS", "f"}, {"SUBSTR", "d", "0", "2"},
    };

    private static final String[][] COUNTERS = {
        {"INCR", "n"}, {"INCRBY", "n", "41"}, {"DECR", "n"}, {"DECRBY", "n", "-10"}, {"GET", "n"},
        {"INCRBY", "n", "x"}, {"INCRBY", "n", "9223372036854775807"}, {"SET", "m", "9223372036854775807"}, {"INCR", "m"},
        {"SET", "m", "-9223372036854775808"}, {"DECR", "m"}, {"DECRBY", "m", "-9223372036854775808"},
        {"SET", "s", "abc"}, {"INCR", "s"}, {"SET", "s", " 1"}, {"INCR", "s"}, {"SET", "s", "01"}, {"INCR", "s"},
        {"INCRBYFLOAT", "f", "10.5"}, {"INCRBYFLOAT", "f", "0.1"}, {"INCRBYFLOAT", "f", "-5"}, {"INCRBYFLOAT", "f", "5.0e3"},
        {"INCRBYFLOAT", "f", "abc"}, {"INCRBYFLOAT", "s", "1"}, {"INCRBYFLOAT", "f", "inf"}, {"GET", "f"},
        {"SET", "i", "12"}, {"OBJECT", "ENCODING", "i"}, {"SET", "i", "short string"}, {"OBJECT", "ENCODING", "i"},
        {"SET", "i", "a much longer string value that is longer than forty four bytes"}, {"OBJECT", "ENCODING", "i"},
        {"OBJECT", "ENCODING", "nokey"},
    };

    private static final String[][] KEYS = {
        {"MSET", "k1", "v1", "k2", "v2", "k3", "v3", "{t}a", "x", "{t}b", "y"}, {"MGET", "k1", "k2", "nokey", "k3"},
        {"MSET", "k1"}, {"MSETNX", "k1", "z", "k9", "z"}, {"EXISTS", "k9"}, {"MSETNX", "k8", "z", "k9", "z"}, {"MGET", "k8", "k9"},
        {"EXISTS", "k1", "k2", "k1", "nokey"}, {"DEL", "k1", "k1", "nokey", "k2"}, {"UNLINK", "k3"}, {"TOUCH", "k8", "k9", "x"},
        {"TYPE", "k8"}, {"TYPE", "nokey"}, {"RENAME", "k8", "k10"}, {"GET", "k10"}, {"GET", "k8"}, {"RENAME", "nokey", "k11"},
        {"RENAMENX", "k9", "k10"}, {"RENAMENX", "k9", "k12"}, {"GET", "k12"}, {"RENAMENX", "nokey", "k10"}, {"RENAME", "k12", "k12"},
        {"RENAME", "{t}a", "{t}b"}, {"MGET", "{t}a", "{t}b"}, {"DBSIZE"},
        // all keys on one shard, {w} (slot 3696) and {t} (slot 15891) on different ones: one of the two runs on the
        // connection's own shard (the inline path over the request buffer), the other on the remote one
        {"MSET", "{w}a", "1", "{w}b", "2", "{w}a", "3"}, {"MGET", "{w}a", "{w}b", "{w}none"}, {"SADD", "{w}s", "m"},
        {"MGET", "{w}s", "{w}a"}, {"EXISTS", "{w}a", "{w}a", "{w}none"}, {"TOUCH", "{w}a", "{w}none"},
        {"DEL", "{w}a", "{w}none", "{w}b", "{w}s"}, {"MGET", "{w}a", "{w}b"}, {"UNLINK", "{w}a"},
        {"MSET", "{t}m1", "1", "{t}m2", ""}, {"MGET", "{t}m1", "{t}m2", "{t}none"}, {"EXISTS", "{t}m1", "{t}m1"},
        {"DEL", "{t}m1", "{t}m2", "{t}m2"}, {"MSET", "{t}m1"}, {"MGET", "{t}m1"}, {"DBSIZE"},
        {"SET", "e1", "v"}, {"EXPIRE", "e1", "100"}, {"TTL", "e1"}, {"PTTL", "nokey"}, {"TTL", "k10"},
        {"EXPIRE", "e1", "50", "GT"}, {"EXPIRE", "e1", "200", "GT"}, {"TTL", "e1"}, {"EXPIRE", "e1", "300", "LT"},
        {"EXPIRE", "e1", "100", "NX"}, {"EXPIRE", "k10", "100", "XX"}, {"EXPIRE", "k10", "100", "NX"}, {"TTL", "k10"},
        {"EXPIRE", "e1", "1", "NX", "XX"}, {"EXPIRE", "e1", "1", "GT", "LT"}, {"EXPIRE", "e1", "1", "FOO"},
        {"EXPIRE", "e1", "abc"}, {"PERSIST", "e1"}, {"PERSIST", "e1"}, {"TTL", "e1"}, {"EXPIREAT", "e1", "4102444800"},
        {"EXPIRETIME", "e1"}, {"PEXPIRETIME", "e1"}, {"EXPIRETIME", "k12"}, {"EXPIRETIME", "nokey"},
        {"PEXPIREAT", "e1", "1"}, {"EXISTS", "e1"}, {"EXPIRE", "k10", "-1"}, {"EXISTS", "k10"},
        {"SET", "g", "v", "EXAT", "1"}, {"EXISTS", "g"}, {"SET", "g", "v"}, {"GETEX", "g", "EX", "100"}, {"TTL", "g"},
        {"GETEX", "g", "PERSIST"}, {"TTL", "g"}, {"GETEX", "g", "EX", "0"}, {"GETEX", "g", "FOO"}, {"GETEX", "nokey"},
        {"EXPIRE", "g", "9223372036854775807"}, {"SET", "g", "v", "PX", "9223372036854775807"},
    };

    private static final String[][] CONNECTION = {
        {"PING"}, {"PING", "hello"}, {"PING", "a", "b"}, {"ECHO", "x"}, {"ECHO"}, {"SELECT", "0"}, {"SELECT", "1"},
        {"SELECT", "x"}, {"AUTH", "pw"}, {"CLIENT", "SETNAME", "it"}, {"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME", "a b"},
        {"CLIENT", "NOSUCH"}, {"NOSUCHCOMMAND", "a", "b"}, {"GET"}, {"GET", "a", "b"}, {"CONFIG", "GET", "save"},
        {"CONFIG", "GET", "appendonly"}, {"CONFIG", "GET", "maxmemory"}, {"CONFIG", "GET", "nosuchparam"},
        {"FLUSHDB", "FOO"}, {"HELLO", "4"},
    };

    private static final String LONG_VALUE = "v".repeat(65);

    private static final String[][] HASHES = {
        {"HSET", "h", "f1", "v1", "f2", "v2"}, {"HSET", "h", "f1", "x", "f3", "v3"}, {"HGETALL", "h"}, {"HSET", "h", "f1"},
        {"HSET", "h"}, {"HMSET", "h", "f4"}, {"HMSET", "h", "f4", "v4", "f5", "v5"}, {"HGET", "h", "f4"}, {"HGET", "h", "no"},
        {"HGET", "nokey", "f"}, {"HMGET", "h", "f1", "no", "f2"}, {"HMGET", "nokey", "a", "b"}, {"HLEN", "h"}, {"HLEN", "nokey"},
        {"HEXISTS", "h", "f2"}, {"HEXISTS", "h", "zz"}, {"HSTRLEN", "h", "f3"}, {"HSTRLEN", "h", "zz"},
        {"HSETNX", "h", "f1", "nx"}, {"HSETNX", "h", "f9", "nx"}, {"HKEYS", "h"}, {"HVALS", "h"}, {"HKEYS", "nokey"},
        {"HGETALL", "nokey"}, {"HDEL", "h", "f2", "f2", "zz", "f9"}, {"HGETALL", "h"}, {"HDEL", "nokey", "f"}, {"HDEL", "h"},
        {"HINCRBY", "h", "n", "5"}, {"HINCRBY", "h", "n", "-7"}, {"HINCRBY", "h", "n", "x"}, {"HINCRBY", "h", "f1", "1"},
        {"HINCRBY", "h", "n", "9223372036854775807"}, {"HSET", "h", "big", "9223372036854775807"}, {"HINCRBY", "h", "big", "1"},
        {"HSET", "h", "sp", " 1"}, {"HINCRBY", "h", "sp", "1"}, {"HINCRBYFLOAT", "h", "fl", "10.5"},
        {"HINCRBYFLOAT", "h", "fl", "0.1"}, {"HINCRBYFLOAT", "h", "fl", "-5"}, {"HINCRBYFLOAT", "h", "fl", "5.0e3"},
        {"HINCRBYFLOAT", "h", "fl", "abc"}, {"HINCRBYFLOAT", "h", "f1", "1"}, {"HINCRBYFLOAT", "h", "fl", "inf"},
        {"HINCRBYFLOAT", "h", "n", "1.5"}, {"HSET", "h", "finf", "inf"}, {"HINCRBYFLOAT", "h", "finf", "1"},
        {"HINCRBYFLOAT", "s", "f", "inf"}, {"HGET", "h", "fl"}, {"HGETALL", "h"}, {"OBJECT", "ENCODING", "h"},
        {"SET", "s", "x"}, {"HSET", "s", "f", "v"}, {"HGET", "s", "f"}, {"HGETALL", "s"}, {"HLEN", "s"}, {"HDEL", "s", "f"},
        {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"}, {"GET", "h"}, {"APPEND", "h", "x"},
        {"TYPE", "h"}, {"TYPE", "s"}, {"EXPIRE", "h", "100"}, {"TTL", "h"}, {"PERSIST", "h"}, {"TTL", "h"},
        {"HSET", "one", "only", "1"}, {"HRANDFIELD", "one"}, {"HRANDFIELD", "one", "-3"}, {"HRANDFIELD", "one", "-2", "WITHVALUES"},
        {"HRANDFIELD", "h", "100"}, {"HRANDFIELD", "h", "100", "WITHVALUES"}, {"HRANDFIELD", "h", "0"}, {"HRANDFIELD", "nokey"},
        {"HRANDFIELD", "nokey", "5"}, {"HRANDFIELD", "h", "x"}, {"HRANDFIELD", "h", "1", "FOO"}, {"HRANDFIELD", "h", "1", "WITHVALUES", "x"},
        {"HSET", "wide", "f", LONG_VALUE}, {"OBJECT", "ENCODING", "wide"}, {"HGET", "wide", "f"}, {"HSET", "wide", "f", "short"},
        {"OBJECT", "ENCODING", "wide"}, {"HGETALL", "wide"}, {"HDEL", "wide", "f"}, {"EXISTS", "wide"},
        {"RENAME", "h", "h2"}, {"HGETALL", "h2"}, {"EXISTS", "h"}, {"RENAME", "h2", "{t}h"}, {"RENAME", "{t}h", "{t}h2"},
        {"HGETALL", "{t}h2"}, {"TYPE", "{t}h2"}, {"RENAME", "one", "s"}, {"TYPE", "s"}, {"SET", "s", "str"}, {"TYPE", "s"},
        {"DEL", "{t}h2", "s"}, {"DBSIZE"},
    };

    @Test
    void hashCommandsReplyAsRedis() throws Exception {
        compare(HASHES, 2);
    }

    @Test
    void hashCommandsReplyAsRedisInResp3() throws Exception {
        compare(HASHES, 3);
    }

    @Test
    void largeHashesConvertAndAnswerAsRedis() throws Exception {
        List<String[]> script = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            script.add(new String[] {"HSET", "big", "field:" + i, "value:" + i});
            if (i == 511 || i == 512) {
                script.add(new String[] {"OBJECT", "ENCODING", "big"});
            }
        }
        for (int i = 0; i < 700; i += 3) {
            script.add(new String[] {"HDEL", "big", "field:" + i, "nope"});
            script.add(new String[] {"HGET", "big", "field:" + (i + 1)});
            script.add(new String[] {"HINCRBY", "big", "n" + (i % 7), "3"});
        }
        script.add(new String[] {"HLEN", "big"});
        script.add(new String[] {"HSTRLEN", "big", "field:5"});
        script.add(new String[] {"RENAME", "big", "big2"});
        script.add(new String[] {"HLEN", "big2"});
        script.add(new String[] {"RENAME", "big2", "{t}big"});
        script.add(new String[] {"HLEN", "{t}big"});
        script.add(new String[] {"HMGET", "{t}big", "field:1", "field:3", "field:299"});
        script.add(new String[] {"DEL", "{t}big"});
        compare(script.toArray(new String[0][]), 2);
    }

    /** Set replies are compared as multisets of elements: Redis's own order depends on its encoding and hashing. */
    private static final String[][] SETS = {
        {"SADD", "s", "a", "b", "c", "a"}, {"SADD", "s", "d"}, {"SADD", "s"}, {"SMEMBERS", "s"}, {"SMEMBERS", "nokey"},
        {"SCARD", "s"}, {"SCARD", "nokey"}, {"SISMEMBER", "s", "a"}, {"SISMEMBER", "s", "z"}, {"SISMEMBER", "nokey", "a"},
        {"SMISMEMBER", "s", "a", "z", "d"}, {"SMISMEMBER", "nokey", "a"}, {"SMISMEMBER", "s"}, {"SREM", "s", "a", "z", "a"},
        {"SREM", "nokey", "a"}, {"SREM", "s"}, {"SMEMBERS", "s"}, {"OBJECT", "ENCODING", "s"},
        {"SADD", "i", "3", "1", "2", "-5"}, {"OBJECT", "ENCODING", "i"}, {"SMEMBERS", "i"}, {"SADD", "i", "x"},
        {"OBJECT", "ENCODING", "i"}, {"SPOP", "nokey"}, {"SPOP", "nokey", "3"}, {"SPOP", "s", "0"}, {"SPOP", "s", "-1"},
        {"SPOP", "s", "x"}, {"SPOP", "s", "1", "2"}, {"SRANDMEMBER", "nokey"}, {"SRANDMEMBER", "nokey", "5"},
        {"SRANDMEMBER", "s", "0"}, {"SRANDMEMBER", "s", "x"}, {"SRANDMEMBER", "s", "1", "2"}, {"SRANDMEMBER", "s", "10"},
        {"SRANDMEMBER", "s", "-9223372036854775808"}, {"SADD", "one", "m"}, {"SRANDMEMBER", "one"}, {"SRANDMEMBER", "one", "-3"},
        {"SPOP", "one"}, {"EXISTS", "one"}, {"SADD", "two", "p", "q"}, {"SPOP", "two", "5"}, {"EXISTS", "two"},
        {"SET", "str", "x"}, {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SMEMBERS", "str"}, {"SCARD", "str"},
        {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"}, {"SPOP", "str"}, {"SRANDMEMBER", "str"}, {"GET", "s"},
        {"HSET", "hash", "f", "v"}, {"SADD", "hash", "x"}, {"HGET", "s", "b"}, {"TYPE", "s"},
        {"SADD", "{t}1", "a", "b", "c", "d"}, {"SADD", "{t}2", "c", "d", "e"}, {"SADD", "x1", "a", "c", "z"},
        {"SADD", "x2", "c", "q"}, {"SINTER", "{t}1", "{t}2"}, {"SINTER", "{t}1", "x1", "x2"}, {"SINTER", "{t}1", "nokey"},
        {"SINTER", "nokey", "str"}, {"SUNION", "{t}1", "x1", "nokey"}, {"SUNION", "nokey"}, {"SUNION", "x1", "str"},
        {"SDIFF", "{t}1", "x1", "x2"}, {"SDIFF", "nokey", "x1"}, {"SDIFF", "{t}1"}, {"SDIFF", "x1", "hash"},
        {"SINTERSTORE", "dst", "{t}1", "x1"}, {"SMEMBERS", "dst"}, {"SUNIONSTORE", "dst", "x1", "x2"}, {"SMEMBERS", "dst"},
        {"SDIFFSTORE", "{t}d", "{t}1", "{t}2"}, {"SMEMBERS", "{t}d"}, {"SINTERSTORE", "dst", "x1", "nokey"}, {"EXISTS", "dst"},
        {"SUNIONSTORE", "str", "x1"}, {"TYPE", "str"}, {"SINTERSTORE", "dst", "x1", "hash"}, {"SINTERSTORE", "dst"},
        {"SINTERCARD", "2", "{t}1", "x1"}, {"SINTERCARD", "2", "{t}1", "x1", "LIMIT", "1"},
        {"SINTERCARD", "2", "{t}1", "x1", "LIMIT", "0"}, {"SINTERCARD", "0", "x1"}, {"SINTERCARD", "x", "x1"},
        {"SINTERCARD", "3", "x1", "x2"}, {"SINTERCARD", "1", "x1", "LIMIT", "-1"}, {"SINTERCARD", "1", "x1", "LIMIT"},
        {"SINTERCARD", "1", "x1", "FOO", "1"}, {"SINTERCARD", "2", "x1", "hash"}, {"SINTERCARD", "1", "nokey"},
        {"SMOVE", "x1", "x2", "a"}, {"SMEMBERS", "x2"}, {"SMOVE", "x1", "x2", "nope"}, {"SMOVE", "nokey", "x2", "a"},
        {"SMOVE", "x1", "hash", "c"}, {"SMOVE", "hash", "x1", "c"}, {"SMOVE", "nokey", "hash", "c"}, {"SMOVE", "x1", "x1", "c"},
        {"SMOVE", "x1", "x1", "nope"}, {"SMOVE", "x1", "{t}new", "c"}, {"SMOVE", "{t}1", "{t}2", "a"}, {"SMEMBERS", "{t}2"},
        {"SMOVE", "x1", "fresh", "z"}, {"EXISTS", "x1"}, {"SMEMBERS", "fresh"}, {"SMOVE", "x1"},
        {"RENAME", "fresh", "fresh2"}, {"SMEMBERS", "fresh2"}, {"RENAME", "{t}2", "moved"}, {"SMEMBERS", "moved"},
        {"EXPIRE", "moved", "100"}, {"TTL", "moved"}, {"DEL", "moved", "fresh2"}, {"DBSIZE"},
    };

    @Test
    void setCommandsReplyAsRedis() throws Exception {
        compare(SETS, 2);
    }

    @Test
    void setCommandsReplyAsRedisInResp3() throws Exception {
        compare(SETS, 3);
    }

    @Test
    void largeSetsConvertAndAnswerAsRedis() throws Exception {
        List<String[]> script = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            script.add(new String[] {"SADD", "big", Integer.toString(i), "m" + (i % 3 == 0 ? i : 0)});
            script.add(new String[] {"SADD", "ints", Integer.toString(i * 7)});
            if (i == 510 || i == 511 || i == 512) {
                script.add(new String[] {"OBJECT", "ENCODING", "ints"});
            }
        }
        for (int i = 0; i < 700; i += 5) {
            script.add(new String[] {"SREM", "big", Integer.toString(i), "nope"});
            script.add(new String[] {"SISMEMBER", "big", Integer.toString(i + 1)});
        }
        script.add(new String[] {"SCARD", "big"});
        script.add(new String[] {"SINTERCARD", "2", "big", "ints"});
        script.add(new String[] {"SINTER", "big", "ints"});
        script.add(new String[] {"SDIFFSTORE", "{t}d", "ints", "big"});
        script.add(new String[] {"SCARD", "{t}d"});
        script.add(new String[] {"SRANDMEMBER", "big", "100000"});
        script.add(new String[] {"SPOP", "{t}d", "100000"});
        script.add(new String[] {"EXISTS", "{t}d"});
        script.add(new String[] {"RENAME", "big", "{t}big"});
        script.add(new String[] {"SMEMBERS", "{t}big"});
        compare(script.toArray(new String[0][]), 2);
    }

    private static final String[][] LISTS = {
        {"RPUSH", "l", "a", "b", "c"}, {"LPUSH", "l", "z", "y"}, {"LRANGE", "l", "0", "-1"}, {"LLEN", "l"}, {"LLEN", "nokey"},
        {"RPUSH", "l"}, {"LPUSHX", "nokey", "a"}, {"RPUSHX", "nokey", "a"}, {"EXISTS", "nokey"}, {"LPUSHX", "l", "x"},
        {"RPUSHX", "l", "w", "v"}, {"LRANGE", "l", "1", "3"}, {"LRANGE", "l", "-3", "-1"}, {"LRANGE", "l", "5", "2"},
        {"LRANGE", "l", "-100", "100"}, {"LRANGE", "l", "0", "9223372036854775807"}, {"LRANGE", "l", "x", "1"},
        {"LRANGE", "nokey", "0", "-1"}, {"LINDEX", "l", "0"}, {"LINDEX", "l", "-1"}, {"LINDEX", "l", "100"},
        {"LINDEX", "l", "x"}, {"LINDEX", "nokey", "0"}, {"LSET", "l", "1", "Y"}, {"LSET", "l", "-1", "last"},
        {"LSET", "l", "100", "x"}, {"LSET", "nokey", "0", "x"}, {"LSET", "l", "x", "x"}, {"LRANGE", "l", "0", "-1"},
        {"LINSERT", "l", "BEFORE", "a", "before-a"}, {"LINSERT", "l", "AFTER", "a", "after-a"},
        {"LINSERT", "l", "AFTER", "nope", "x"}, {"LINSERT", "l", "MIDDLE", "a", "x"}, {"LINSERT", "nokey", "BEFORE", "a", "x"},
        {"LRANGE", "l", "0", "-1"}, {"RPUSH", "r", "a", "b", "a", "c", "a", "b", "a"}, {"LREM", "r", "2", "a"},
        {"LRANGE", "r", "0", "-1"}, {"LREM", "r", "-1", "a"}, {"LRANGE", "r", "0", "-1"}, {"LREM", "r", "0", "b"},
        {"LRANGE", "r", "0", "-1"}, {"LREM", "r", "x", "a"}, {"LREM", "nokey", "1", "a"}, {"LREM", "r", "0", "a"},
        {"LREM", "r", "0", "c"}, {"EXISTS", "r"}, {"RPUSH", "p", "a", "b", "c", "b", "a", "b"}, {"LPOS", "p", "b"},
        {"LPOS", "p", "b", "RANK", "2"}, {"LPOS", "p", "b", "RANK", "-1"}, {"LPOS", "p", "b", "RANK", "-2", "COUNT", "0"},
        {"LPOS", "p", "b", "COUNT", "0"}, {"LPOS", "p", "b", "COUNT", "2"}, {"LPOS", "p", "b", "MAXLEN", "2", "COUNT", "0"},
        {"LPOS", "p", "zz"}, {"LPOS", "p", "zz", "COUNT", "1"}, {"LPOS", "nokey", "a"}, {"LPOS", "nokey", "a", "COUNT", "0"},
        {"LPOS", "p", "b", "RANK", "0"}, {"LPOS", "p", "b", "COUNT", "-1"}, {"LPOS", "p", "b", "MAXLEN", "-1"},
        {"LPOS", "p", "b", "FOO", "1"}, {"LPOS", "p", "b", "RANK"}, {"LPOS", "p", "b", "RANK", "x"}, {"LPOS", "p", "b", "COUNT", "x"},
        {"LPOS", "p", "b", "RANK", "5"}, {"LTRIM", "p", "1", "-2"}, {"LRANGE", "p", "0", "-1"}, {"LTRIM", "p", "-2", "100"},
        {"LRANGE", "p", "0", "-1"}, {"LTRIM", "p", "x", "1"}, {"LTRIM", "nokey", "0", "1"}, {"LTRIM", "p", "5", "1"},
        {"EXISTS", "p"}, {"LPOP", "l"}, {"RPOP", "l"}, {"LPOP", "l", "2"}, {"RPOP", "l", "0"}, {"LPOP", "l", "x"},
        {"LPOP", "l", "-1"}, {"LPOP", "l", "1", "2"}, {"LPOP", "nokey"}, {"LPOP", "nokey", "2"}, {"LPOP", "nokey", "0"},
        {"RPOP", "l", "100"}, {"EXISTS", "l"}, {"OBJECT", "ENCODING", "l"}, {"RPUSH", "l", "1"}, {"OBJECT", "ENCODING", "l"},
        {"SET", "str", "x"}, {"LPUSH", "str", "a"}, {"RPUSHX", "str", "a"}, {"LPOP", "str"}, {"LLEN", "str"},
        {"LRANGE", "str", "0", "1"}, {"LINDEX", "str", "0"}, {"LSET", "str", "0", "x"}, {"LINSERT", "str", "BEFORE", "a", "b"},
        {"LREM", "str", "0", "a"}, {"LTRIM", "str", "0", "1"}, {"LPOS", "str", "a"}, {"GET", "l"}, {"TYPE", "l"},
        {"RPUSH", "{t}a", "1", "2", "3"}, {"RPUSH", "{t}b", "x"}, {"LMOVE", "{t}a", "{t}b", "LEFT", "RIGHT"},
        {"LRANGE", "{t}b", "0", "-1"}, {"RPOPLPUSH", "{t}a", "{t}b"}, {"LRANGE", "{t}b", "0", "-1"},
        {"LMOVE", "{t}b", "other", "RIGHT", "LEFT"}, {"LMOVE", "{t}b", "other2", "LEFT", "LEFT"}, {"LRANGE", "other", "0", "-1"},
        {"LRANGE", "other2", "0", "-1"}, {"LMOVE", "nokey", "other", "LEFT", "LEFT"}, {"LMOVE", "{t}a", "str", "LEFT", "LEFT"},
        {"LMOVE", "str", "{t}a", "LEFT", "LEFT"}, {"LMOVE", "{t}a", "{t}b", "UP", "LEFT"}, {"RPOPLPUSH", "other", "other"},
        {"RPUSH", "rot", "1", "2", "3"}, {"RPOPLPUSH", "rot", "rot"}, {"LRANGE", "rot", "0", "-1"},
        {"LMOVE", "rot", "rot", "LEFT", "RIGHT"}, {"LRANGE", "rot", "0", "-1"}, {"RPOPLPUSH", "{t}a", "new"}, {"EXISTS", "{t}a"},
        {"RENAME", "rot", "rot2"}, {"LRANGE", "rot2", "0", "-1"}, {"RENAME", "rot2", "{t}rot"}, {"LRANGE", "{t}rot", "0", "-1"},
        {"EXPIRE", "{t}rot", "100"}, {"TTL", "{t}rot"}, {"DEL", "{t}rot", "new", "other", "other2", "{t}b"}, {"DBSIZE"},
    };

    @Test
    void listCommandsReplyAsRedis() throws Exception {
        compare(LISTS, 2);
    }

    @Test
    void listCommandsReplyAsRedisInResp3() throws Exception {
        compare(LISTS, 3);
    }

    @Test
    void longListsAnswerAsRedis() throws Exception {
        List<String[]> script = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String v = (i % 10 == 0 ? "x".repeat(300) : "e") + i;
            script.add(new String[] {i % 2 == 0 ? "LPUSH" : "RPUSH", "big", v});
        }
        script.add(new String[] {"LRANGE", "big", "100", "199"});
        script.add(new String[] {"LRANGE", "big", "-600", "-1"});
        script.add(new String[] {"LINDEX", "big", "1501"});
        script.add(new String[] {"LSET", "big", "1500", "y".repeat(20_000)});
        script.add(new String[] {"LINDEX", "big", "1500"});
        script.add(new String[] {"LINSERT", "big", "AFTER", "e1501", "inserted"});
        script.add(new String[] {"LPOS", "big", "inserted"});
        script.add(new String[] {"LREM", "big", "0", "e7"});
        script.add(new String[] {"LTRIM", "big", "700", "-700"});
        script.add(new String[] {"LLEN", "big"});
        script.add(new String[] {"LRANGE", "big", "0", "-1"});
        script.add(new String[] {"LPOP", "big", "500"});
        script.add(new String[] {"RPOP", "big", "500"});
        script.add(new String[] {"RENAME", "big", "{t}big"});
        script.add(new String[] {"LRANGE", "{t}big", "0", "-1"});
        compare(script.toArray(new String[0][]), 2);
    }

    private static final String[][] ZSETS = {
        {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZADD", "z", "1.5", "a", "0.1", "d", "1e20", "e", "-inf", "f"},
        {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"ZADD", "z"}, {"ZADD", "z", "1"}, {"ZADD", "z", "1", "a", "2"},
        {"ZADD", "z", "x", "a"}, {"ZADD", "z", "nan", "a"}, {"ZADD", "z", "NX", "XX", "1", "a"}, {"ZADD", "z", "GT", "LT", "1", "a"},
        {"ZADD", "z", "NX", "GT", "1", "a"}, {"ZADD", "z", "INCR", "1", "a", "2", "b"}, {"ZADD", "z", "NX", "5", "a", "5", "n1"},
        {"ZADD", "z", "XX", "CH", "7", "a", "7", "n2"}, {"ZADD", "z", "GT", "CH", "1", "a", "9", "b"}, {"ZADD", "z", "LT", "CH", "8", "a"},
        {"ZADD", "z", "INCR", "2.5", "a"}, {"ZADD", "z", "XX", "INCR", "1", "nope"}, {"ZADD", "nokey", "XX", "1", "a"},
        {"ZADD", "nokey", "XX", "INCR", "1", "a"}, {"ZADD", "z", "GT", "INCR", "-1", "a"}, {"ZADD", "z", "CH", "3", "c"},
        {"ZADD", "z", "INCR", "inf", "f"}, {"ZSCORE", "z", "a"}, {"ZSCORE", "z", "f"}, {"ZSCORE", "z", "nope"}, {"ZSCORE", "nokey", "a"},
        {"ZMSCORE", "z", "a", "nope", "e"}, {"ZMSCORE", "nokey", "a"}, {"ZINCRBY", "z", "0.2", "d"}, {"ZINCRBY", "z", "x", "d"},
        {"ZINCRBY", "z", "1", "newm"}, {"ZINCRBY", "nokey2", "5", "m"}, {"ZCARD", "z"}, {"ZCARD", "nokey"},
        {"ZRANK", "z", "a"}, {"ZREVRANK", "z", "a"}, {"ZRANK", "z", "nope"}, {"ZRANK", "nokey", "a"},
        {"ZRANGE", "z", "0", "-1"}, {"ZRANGE", "z", "-3", "-1", "WITHSCORES"}, {"ZRANGE", "z", "5", "2"}, {"ZRANGE", "z", "x", "2"},
        {"ZRANGE", "z", "0", "-1", "REV", "WITHSCORES"}, {"ZRANGE", "z", "0", "3", "LIMIT", "0", "1"},
        {"ZRANGE", "z", "(1", "8", "BYSCORE", "WITHSCORES"}, {"ZRANGE", "z", "8", "(1", "BYSCORE", "REV"},
        {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"}, {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"},
        {"ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "2", "-1", "WITHSCORES"}, {"ZRANGE", "z", "a", "b", "BYSCORE"},
        {"ZRANGE", "z", "0", "1", "FOO"}, {"ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"}, {"ZRANGE", "z", "[a", "[c", "BYLEX", "WITHSCORES"},
        {"ZRANGEBYSCORE", "z", "1", "3"}, {"ZRANGEBYSCORE", "z", "(1", "(3", "WITHSCORES"}, {"ZRANGEBYSCORE", "z", "3", "1"},
        {"ZRANGEBYSCORE", "z", "-inf", "inf", "LIMIT", "1", "1"}, {"ZRANGEBYSCORE", "z", "x", "1"}, {"ZRANGEBYSCORE", "z", "1", "2", "REV"},
        {"ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "1"}, {"ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES"},
        {"ZREVRANGEBYSCORE", "z", "(8", "1", "LIMIT", "1", "2"}, {"ZREVRANGE", "z", "0", "2", "WITHSCORES"},
        {"ZREVRANGE", "z", "0", "2", "LIMIT", "0", "1"}, {"ZCOUNT", "z", "-inf", "+inf"}, {"ZCOUNT", "z", "(1", "3"},
        {"ZCOUNT", "z", "3", "1"}, {"ZCOUNT", "z", "x", "1"}, {"ZCOUNT", "nokey", "0", "1"},
        {"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"}, {"ZRANGEBYLEX", "lex", "-", "+"},
        {"ZRANGEBYLEX", "lex", "[b", "(d"}, {"ZRANGEBYLEX", "lex", "(b", "+", "LIMIT", "1", "2"}, {"ZREVRANGEBYLEX", "lex", "+", "[c"},
        {"ZRANGEBYLEX", "lex", "b", "d"}, {"ZRANGEBYLEX", "lex", "+", "-"}, {"ZLEXCOUNT", "lex", "[b", "[d"}, {"ZLEXCOUNT", "lex", "-", "+"},
        {"ZLEXCOUNT", "lex", "x", "+"}, {"ZRANGE", "lex", "(a", "[c", "BYLEX"}, {"ZRANGE", "lex", "[c", "(a", "BYLEX", "REV"},
        {"ZREMRANGEBYLEX", "lex", "[b", "[c"}, {"ZRANGE", "lex", "0", "-1"}, {"ZREMRANGEBYRANK", "lex", "0", "0"},
        {"ZREMRANGEBYRANK", "lex", "x", "0"}, {"ZRANGE", "lex", "0", "-1"}, {"ZREMRANGEBYSCORE", "z", "(2", "5"},
        {"ZREMRANGEBYSCORE", "z", "x", "5"}, {"ZRANGE", "z", "0", "-1", "WITHSCORES"}, {"ZREM", "z", "a", "nope", "a"},
        {"ZREM", "nokey", "a"}, {"ZPOPMIN", "z"}, {"ZPOPMAX", "z"}, {"ZPOPMIN", "z", "2"}, {"ZPOPMAX", "z", "0"},
        {"ZPOPMIN", "z", "-1"}, {"ZPOPMIN", "z", "x"}, {"ZPOPMIN", "z", "1", "2"}, {"ZPOPMIN", "nokey"}, {"ZPOPMIN", "nokey", "3"},
        {"ZPOPMAX", "z", "100"}, {"EXISTS", "z"}, {"OBJECT", "ENCODING", "lex"}, {"ZADD", "lex", "1", "x".repeat(65)},
        {"OBJECT", "ENCODING", "lex"}, {"ZRANGE", "lex", "0", "-1", "WITHSCORES"}, {"TYPE", "lex"},
        {"SET", "str", "v"}, {"ZADD", "str", "1", "a"}, {"ZSCORE", "str", "a"}, {"ZRANGE", "str", "0", "-1"}, {"ZCARD", "str"},
        {"ZINCRBY", "str", "1", "a"}, {"ZPOPMIN", "str"}, {"ZRANK", "str", "a"}, {"ZREM", "str", "a"}, {"ZCOUNT", "str", "0", "1"},
        {"GET", "lex"}, {"RENAME", "lex", "lex2"}, {"ZRANGE", "lex2", "0", "-1", "WITHSCORES"}, {"RENAME", "lex2", "{t}lex"},
        {"ZRANGE", "{t}lex", "0", "-1", "WITHSCORES"}, {"RENAME", "{t}lex", "{t}lex2"}, {"ZCARD", "{t}lex2"},
        {"EXPIRE", "{t}lex2", "100"}, {"TTL", "{t}lex2"}, {"DEL", "{t}lex2", "nokey2"}, {"DBSIZE"},
    };

    @Test
    void sortedSetCommandsReplyAsRedis() throws Exception {
        compare(ZSETS, 2);
    }

    @Test
    void sortedSetCommandsReplyAsRedisInResp3() throws Exception {
        compare(ZSETS, 3);
    }

    @Test
    void largeSortedSetsAnswerAsRedis() throws Exception {
        List<String[]> script = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            script.add(new String[] {"ZADD", "big", Double.toString((i * 7919) % 1000 / 8.0), "member:" + i});
            if (i == 127 || i == 128) {
                script.add(new String[] {"OBJECT", "ENCODING", "big"});
            }
        }
        for (int i = 0; i < 1000; i += 7) {
            script.add(new String[] {"ZINCRBY", "big", "0.3", "member:" + i});
            script.add(new String[] {"ZREM", "big", "member:" + (i + 1)});
            script.add(new String[] {"ZRANK", "big", "member:" + (i + 2)});
            script.add(new String[] {"ZREVRANK", "big", "member:" + (i + 3)});
        }
        String[][] flags = {{"NX"}, {"XX"}, {"GT"}, {"LT"}, {"XX", "CH"}, {"GT", "CH"}, {"LT", "CH"}, {"INCR"},
            {"XX", "INCR"}, {"NX", "INCR"}, {"GT", "INCR"}, {"LT", "INCR"}};
        for (int i = 0; i < 1000; i += 13) { // the ZADD flags on the skiplist form, members present and absent
            String[] f = flags[(i / 13) % flags.length];
            List<String> cmd = new ArrayList<>(List.of("ZADD", "big"));
            cmd.addAll(List.of(f));
            cmd.addAll(List.of(Double.toString((i % 17) * 3.5), "member:" + (i + 4 * (i % 2) * 1000)));
            if (!List.of(f).contains("INCR")) {
                cmd.addAll(List.of(Double.toString(i / 9.0), "member:" + (i + 5)));
            }
            script.add(cmd.toArray(String[]::new));
            script.add(new String[] {"ZSCORE", "big", "member:" + i});
        }
        script.add(new String[] {"ZADD", "big", "INCR", "inf", "member:10"});
        script.add(new String[] {"ZADD", "big", "INCR", "-inf", "member:10"});
        script.add(new String[] {"ZINCRBY", "big", "-inf", "member:10"});
        script.add(new String[] {"ZINCRBY", "big", "2", "fresh"});
        script.add(new String[] {"ZCARD", "big"});
        script.add(new String[] {"ZRANGE", "big", "100", "140", "WITHSCORES"});
        script.add(new String[] {"ZRANGE", "big", "-50", "-1", "REV"});
        script.add(new String[] {"ZRANGEBYSCORE", "big", "(10", "20.5", "WITHSCORES", "LIMIT", "3", "20"});
        script.add(new String[] {"ZREVRANGEBYSCORE", "big", "100", "(90"});
        script.add(new String[] {"ZCOUNT", "big", "10", "(50"});
        script.add(new String[] {"ZPOPMIN", "big", "5"});
        script.add(new String[] {"ZPOPMAX", "big", "5"});
        script.add(new String[] {"ZREMRANGEBYRANK", "big", "10", "99"});
        script.add(new String[] {"ZREMRANGEBYSCORE", "big", "50", "60"});
        script.add(new String[] {"RENAME", "big", "{t}big"});
        script.add(new String[] {"ZRANGE", "{t}big", "0", "-1", "WITHSCORES"});
        compare(script.toArray(new String[0][]), 2);
    }

    /** Small collections only: Redis answers those whole with cursor 0, so the replies are deterministic. */
    private static final String[][] SCANS = {
        {"HSET", "h", "f1", "v1", "g2", "v2", "f3", "v3"}, {"HSCAN", "h", "0"}, {"HSCAN", "h", "0", "MATCH", "f*"},
        {"HSCAN", "h", "0", "COUNT", "1"}, {"HSCAN", "h", "0", "COUNT", "0"}, {"HSCAN", "h", "0", "COUNT", "x"},
        {"HSCAN", "h", "0", "FOO", "1"}, {"HSCAN", "h", "0", "MATCH"}, {"HSCAN", "h", "x"}, {"HSCAN", "nokey", "0"},
        {"HSCAN", "h"}, {"SADD", "s", "1", "2", "3", "10"}, {"SSCAN", "s", "0"}, {"SSCAN", "s", "0", "MATCH", "1*"},
        {"SSCAN", "nokey", "0"}, {"SSCAN", "h", "0"}, {"HSCAN", "s", "0"}, {"SET", "str", "v"}, {"SSCAN", "str", "0"},
        {"ZADD", "z", "1", "a", "2.5", "b", "-inf", "c", "0.1", "d", "1e20", "e", "3", "f1"}, {"ZSCAN", "z", "0"},
        {"ZSCAN", "z", "0", "MATCH", "f*"}, {"ZSCAN", "z", "0", "COUNT", "1"}, {"ZSCAN", "z", "0", "COUNT", "0"},
        {"ZSCAN", "z", "0", "COUNT", "x"}, {"ZSCAN", "z", "0", "BAR"}, {"ZSCAN", "z", "-1"}, {"ZSCAN", "nokey", "0"},
        {"ZSCAN", "nokey", "0", "FOO"}, {"ZSCAN", "str", "0"}, {"ZSCAN", "h", "0"}, {"ZSCAN", "z"},
    };

    /** ZRANDMEMBER cases whose replies are deterministic: whole-set counts, one-member sets, errors. */
    private static final String[][] ZRANDMEMBERS = {
        {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZADD", "one", "5.5", "only"}, {"SET", "str", "v"},
        {"ZRANDMEMBER", "one"}, {"ZRANDMEMBER", "one", "1"}, {"ZRANDMEMBER", "one", "-3"}, {"ZRANDMEMBER", "one", "-2", "WITHSCORES"},
        {"ZRANDMEMBER", "one", "1", "WITHSCORES"}, {"ZRANDMEMBER", "z", "3"}, {"ZRANDMEMBER", "z", "10", "WITHSCORES"},
        {"ZRANDMEMBER", "z", "0"}, {"ZRANDMEMBER", "z", "0", "WITHSCORES"}, {"ZRANDMEMBER", "nokey"}, {"ZRANDMEMBER", "nokey", "5"},
        {"ZRANDMEMBER", "nokey", "-5", "WITHSCORES"}, {"ZRANDMEMBER", "z", "x"}, {"ZRANDMEMBER", "z", "1.5"},
        {"ZRANDMEMBER", "z", "1", "FOO"}, {"ZRANDMEMBER", "z", "1", "WITHSCORES", "x"}, {"ZRANDMEMBER", "nokey", "1", "FOO"},
        {"ZRANDMEMBER", "z", "-9223372036854775808"}, {"ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"},
        {"ZRANDMEMBER", "z", "-4611686018427387904", "WITHSCORES"}, {"ZRANDMEMBER", "str"}, {"ZRANDMEMBER", "str", "2"},
        {"ZRANDMEMBER", "str", "x"}, {"ZRANDMEMBER"},
    };

    @Test
    void zrandmemberRepliesAsRedis() throws Exception {
        compare(ZRANDMEMBERS, 2);
    }

    @Test
    void zrandmemberRepliesAsRedisInResp3() throws Exception {
        compare(ZRANDMEMBERS, 3);
    }

    @Test
    void zscanRepliesAsRedisInResp3() throws Exception {
        compare(SCANS, 3);
    }

    /** A large sorted set: ZSCAN (order differs) returns the same member/score pairs; ZRANDMEMBER counts and shapes. */
    @Test
    void largeSortedSetScanAndRandomMembersMatchRedis() throws Exception {
        try (RawResp r = new RawResp(redis.port); RawResp p = new RawResp(panamax.port)) {
            java.util.Map<String, String> fromRedis = null;
            for (RawResp c : new RawResp[] {r, p}) {
                c.call("FLUSHALL");
                for (int i = 0; i < 3000; i++) {
                    c.call("ZADD", "big", Double.toString((i * 7919) % 1000 / 8.0), "member:" + i);
                }
                java.util.Map<String, String> pairs = new java.util.HashMap<>();
                String cursor = "0";
                do {
                    String[] lines = c.call("ZSCAN", "big", cursor, "COUNT", "37").split("\r\n");
                    cursor = lines[2];
                    for (int i = 5; i + 2 < lines.length; i += 4) {
                        pairs.put(lines[i], lines[i + 2]);
                    }
                } while (!cursor.equals("0"));
                assertThat(pairs).hasSize(3000);
                if (fromRedis == null) {
                    fromRedis = pairs;
                } else {
                    assertThat(pairs).isEqualTo(fromRedis);
                }
                String distinct = c.call("ZRANDMEMBER", "big", "100");
                assertThat(distinct).startsWith("*100\r\n");
                String[] lines = distinct.split("\r\n");
                java.util.Set<String> members = new java.util.HashSet<>();
                for (int i = 2; i < lines.length; i += 2) {
                    members.add(lines[i]);
                }
                assertThat(members).as("distinct members").hasSize(100);
                assertThat(fromRedis.keySet()).containsAll(members);
                String many = c.call("ZRANDMEMBER", "big", "2500", "WITHSCORES");
                assertThat(many).startsWith("*5000\r\n");
                assertThat(c.call("ZRANDMEMBER", "big", "-5000")).startsWith("*5000\r\n");
            }
        }
    }

    @Test
    void collectionScansReplyAsRedis() throws Exception {
        compare(SCANS, 2);
    }

    private static final String[][] ZSET_ALGEBRA = {
        {"ZADD", "{t}a", "1", "x", "2", "y", "3", "z"}, {"ZADD", "b", "10", "y", "20", "z", "30", "w"}, {"SADD", "c", "x", "w"},
        {"ZUNIONSTORE", "out", "2", "{t}a", "b"}, {"ZRANGE", "out", "0", "-1", "WITHSCORES"},
        {"ZUNIONSTORE", "out", "3", "{t}a", "b", "c", "WEIGHTS", "2", "0.5", "-1"}, {"ZRANGE", "out", "0", "-1", "WITHSCORES"},
        {"ZUNIONSTORE", "{t}out", "2", "{t}a", "b", "AGGREGATE", "MAX"}, {"ZRANGE", "{t}out", "0", "-1", "WITHSCORES"},
        {"ZINTERSTORE", "out", "2", "{t}a", "b"}, {"ZRANGE", "out", "0", "-1", "WITHSCORES"},
        {"ZINTERSTORE", "out", "2", "{t}a", "b", "AGGREGATE", "MIN", "WEIGHTS", "1", "3"}, {"ZRANGE", "out", "0", "-1", "WITHSCORES"},
        {"ZINTERSTORE", "out", "2", "{t}a", "c"}, {"ZRANGE", "out", "0", "-1", "WITHSCORES"},
        {"ZINTERSTORE", "out", "2", "{t}a", "nokey"}, {"EXISTS", "out"}, {"ZUNIONSTORE", "out", "1", "nokey"}, {"EXISTS", "out"},
        {"ZUNIONSTORE", "out", "0", "{t}a"}, {"ZUNIONSTORE", "out", "x", "{t}a"}, {"ZUNIONSTORE", "out", "3", "{t}a", "b"},
        {"ZUNIONSTORE", "out", "2", "{t}a", "b", "WEIGHTS", "1"}, {"ZUNIONSTORE", "out", "2", "{t}a", "b", "WEIGHTS", "1", "x"},
        {"ZUNIONSTORE", "out", "2", "{t}a", "b", "AGGREGATE", "AVG"}, {"ZUNIONSTORE", "out", "2", "{t}a", "b", "FOO"},
        {"SET", "str", "v"}, {"ZUNIONSTORE", "out", "2", "{t}a", "str"}, {"ZUNIONSTORE", "out", "2", "str", "b", "FOO"},
        {"ZADD", "inf", "inf", "m"}, {"ZUNIONSTORE", "out", "2", "inf", "inf", "WEIGHTS", "1", "-1"},
        {"ZRANGE", "out", "0", "-1", "WITHSCORES"}, {"ZUNIONSTORE", "out", "1", "inf", "WEIGHTS", "0"},
        {"ZRANGE", "out", "0", "-1", "WITHSCORES"}, {"ZUNIONSTORE", "str", "1", "{t}a"}, {"TYPE", "str"},
    };

    @Test
    void sortedSetStoreCommandsReplyAsRedisAcrossShards() throws Exception {
        compare(ZSET_ALGEBRA, 2);
    }

    @Test
    void stringCommandsReplyAsRedis() throws Exception {
        compare(STRINGS, 2);
    }

    @Test
    void counterCommandsReplyAsRedis() throws Exception {
        compare(COUNTERS, 2);
    }

    @Test
    void keyCommandsReplyAsRedisAcrossShards() throws Exception {
        compare(KEYS, 2);
    }

    @Test
    void connectionCommandsReplyAsRedis() throws Exception {
        compare(CONNECTION, 2);
    }

    @Test
    void resp3RepliesMatchRedis() throws Exception {
        List<String[]> script = new ArrayList<>();
        script.add(new String[] {"SET", "a", "1"});
        script.add(new String[] {"GET", "nokey"});
        script.add(new String[] {"MGET", "a", "nokey"});
        script.add(new String[] {"CONFIG", "GET", "save"});
        script.add(new String[] {"SET", "a", "1", "NX"});
        script.add(new String[] {"CLIENT", "GETNAME"});
        script.add(new String[] {"INCRBYFLOAT", "fl", "1.5"});
        compare(script.toArray(new String[0][]), 3);
    }

    private static void compare(String[][] script, int protocol) throws Exception {
        try (RawResp r = new RawResp(redis.port); RawResp p = new RawResp(panamax.port)) {
            r.call("FLUSHALL");
            p.call("FLUSHALL");
            if (protocol == 3) {
                r.call("HELLO", "3");
                p.call("HELLO", "3");
            }
            for (String[] cmd : script) {
                boolean unordered = UNORDERED.contains(cmd[0].toUpperCase(java.util.Locale.ROOT));
                String expected = unordered ? unordered(r.call(cmd)) : r.call(cmd);
                String actual = unordered ? unordered(p.call(cmd)) : p.call(cmd);
                assertThat(actual).as("reply to %s", String.join(" ", cmd)).isEqualTo(expected);
            }
        }
    }

    /** Commands whose replies are sets of members in no defined order. */
    private static final java.util.Set<String> UNORDERED =
            java.util.Set.of("SMEMBERS", "SINTER", "SUNION", "SDIFF", "SPOP", "SRANDMEMBER");

    /**
     * An array or set reply of bulk strings with its elements sorted (set replies have no defined order); any other
     * reply as it is. Used for {@link #UNORDERED} commands only.
     */
    private static String unordered(String reply) {
        if (reply.isEmpty() || (reply.charAt(0) != '*' && reply.charAt(0) != '~')) {
            return reply;
        }
        String[] lines = reply.split("\r\n", -1);
        int n = Integer.parseInt(lines[0].substring(1));
        if (n <= 0 || lines.length != 2 * n + 2) {
            return reply;
        }
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!lines[1 + 2 * i].startsWith("$")) {
                return reply;
            }
            elements.add(lines[1 + 2 * i] + "\r\n" + lines[2 + 2 * i]);
        }
        java.util.Collections.sort(elements);
        return lines[0] + "\r\n" + String.join("\r\n", elements) + "\r\n";
    }

    @Test
    void pipelinedRepliesMatchRedisInOrder() throws Exception {
        java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
        int n = 0;
        for (String[][] script : new String[][][] {STRINGS, COUNTERS, KEYS, HASHES, LISTS, ZSETS}) {
            for (String[] cmd : script) {
                pipeline.writeBytes(RawResp.command(cmd));
                n++;
            }
        }
        try (RawResp r = new RawResp(redis.port); RawResp p = new RawResp(panamax.port)) {
            r.call("FLUSHALL");
            p.call("FLUSHALL");
            r.send(pipeline.toByteArray());
            p.send(pipeline.toByteArray());
            for (int i = 0; i < n; i++) {
                assertThat(p.readReply()).as("reply #%d", i).isEqualTo(r.readReply());
            }
        }
    }
}
