package io.panamax.protocol.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.panamax.engine.lsm.LsmConfig;
import io.panamax.engine.lsm.LsmIterator;
import io.panamax.engine.lsm.LsmStore;
import io.panamax.engine.lsm.StoreDirectory;
import io.panamax.engine.lsm.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST data-dir layout: per-shard stores, re-partition on open (also after a crash part-way), legacy layout. */
class RestStoresTest {
    private static final LsmConfig CONFIG = LsmConfig.defaults().withSizes(1 << 20, 1 << 20, 1 << 20);

    @TempDir
    Path dir;

    private static TreeMap<String, String> model() {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < 500; i++) {
            m.put("key-" + i, "value-" + i);
        }
        return m;
    }

    private static void putAll(RestStores stores, Map<String, String> m) {
        for (Map.Entry<String, String> e : m.entrySet()) {
            byte[] k = e.getKey().getBytes(UTF_8);
            stores.store(stores.shardOf(k)).put(k, e.getValue().getBytes(UTF_8));
        }
    }

    /** Every key is in its owner's store with its value, and no store holds anything else. */
    private static void assertExactly(RestStores stores, Map<String, String> m) {
        int total = 0;
        for (int i = 0; i < stores.count(); i++) {
            try (LsmIterator it = stores.store(i).iterator()) {
                while (it.next()) {
                    String k = new String(it.keyBytes(), UTF_8);
                    assertThat(stores.shardOf(it.keyBytes())).as("owner of " + k).isEqualTo(i);
                    assertThat(new String(it.valueBytes(), UTF_8)).as(k).isEqualTo(m.get(k));
                    total++;
                }
            }
        }
        assertThat(total).isEqualTo(m.size());
    }

    @Test
    void keysArePartitionedAndReopenAsTheyWere() throws Exception {
        TreeMap<String, String> m = model();
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            putAll(s, m);
        }
        assertThat(RestLayout.read(dir)).isEqualTo(new RestLayout(2, true));
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            assertExactly(s, m);
            assertThat(s.store(0).stats().lastSequence()).isPositive();
            assertThat(s.store(1).stats().lastSequence()).isPositive();
        }
    }

    @Test
    void aDifferentShardCountRepartitions() throws Exception {
        TreeMap<String, String> m = model();
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            putAll(s, m);
        }
        for (int n : new int[] {5, 3, 1, 2}) {
            try (RestStores s = RestStores.open(dir, n, CONFIG)) {
                assertExactly(s, m);
            }
            assertThat(RestLayout.read(dir)).isEqualTo(new RestLayout(n, true));
            assertThat(Files.exists(RestStores.shardDir(dir, n))).as("shard-" + n + " removed").isFalse();
        }
    }

    @Test
    void aRepartitionInterruptedPartWayIsRedoneWhateverTheNextCount() throws Exception {
        TreeMap<String, String> m = model();
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            putAll(s, m);
        }
        // What a crash during 2 -> 3 leaves: LAYOUT says rebalancing, every misplaced key copied to its new owner,
        // half of the copies not yet deleted from the old one.
        new RestLayout(3, false).write(dir);
        LsmStore[] raw = new LsmStore[3];
        for (int i = 0; i < 3; i++) {
            raw[i] = LsmStore.open(RestStores.shardDir(dir, i), CONFIG);
        }
        int moved = 0;
        for (int i = 0; i < 2; i++) {
            try (LsmIterator it = raw[i].iterator()) {
                while (it.next()) {
                    int owner = RestStores.owner(it.keyBytes(), 3);
                    if (owner != i) {
                        raw[owner].put(it.keyBytes(), it.valueBytes());
                        if (moved++ % 2 == 0) {
                            raw[i].delete(it.keyBytes());
                        }
                    }
                }
            }
        }
        for (LsmStore s : raw) {
            s.close();
        }
        assertThat(moved).isPositive();
        try (RestStores s = RestStores.open(dir, 1, CONFIG)) {
            assertExactly(s, m);
        }
        assertThat(RestLayout.read(dir)).isEqualTo(new RestLayout(1, true));
        assertThat(Files.exists(RestStores.shardDir(dir, 1))).isFalse();
        assertThat(Files.exists(RestStores.shardDir(dir, 2))).isFalse();
    }

    @Test
    void aSingleStoreInTheDataDirItselfIsMigrated() {
        TreeMap<String, String> m = model();
        try (LsmStore legacy = LsmStore.open(dir, CONFIG)) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                legacy.put(e.getKey().getBytes(UTF_8), e.getValue().getBytes(UTF_8));
            }
        }
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            assertExactly(s, m);
        }
        assertThat(StoreDirectory.holdsStore(dir)).isFalse();
        try (RestStores s = RestStores.open(dir, 2, CONFIG)) {
            assertExactly(s, m);
        }
    }

    @Test
    void anUnreadableLayoutIsRefusedNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("LAYOUT"), "something else\n");
        assertThatThrownBy(() -> RestStores.open(dir, 2, CONFIG))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("LAYOUT")
                .hasMessageContaining("panamax-rest-layout 1");
    }
}
