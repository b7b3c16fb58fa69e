package io.panamax.engine.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The field map contract, run against the off-heap map ({@link OffHeapFieldMapTest}) and the on-heap
 * model ({@link ModelFieldMapTest}). */
abstract class FieldMapContractTest {
  FieldMapStore store;

  abstract FieldMapStore create();

  @BeforeEach
  void open() {
    store = create();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void putReportsAddedThenUpdatedAndKeepsTheLastValue() {
    assertThat(store.put("k", "f", "1", false)).isEqualTo(FieldMap.ADDED);
    assertThat(store.put("k", "f", "22", false)).isEqualTo(FieldMap.UPDATED);
    assertThat(store.put("k", "f", "3", true)).isEqualTo(FieldMap.PRESENT);
    assertThat(store.get("k", "f")).isEqualTo("22");
    assertThat(store.count("k")).isEqualTo(1);
  }

  @Test
  void removingTheLastFieldDeletesTheKey() {
    store.put("k", "a", "1", false);
    store.put("k", "b", "2", false);
    assertThat(store.remove("k", "a")).isTrue();
    assertThat(store.remove("k", "a")).isFalse();
    assertThat(store.remove("k", "b")).isTrue();
    assertThat(store.count("k")).isZero();
    assertThat(store.deleteKey("k")).isFalse();
  }

  @Test
  void smallMapsKeepInsertionOrderAcrossUpdatesAndRemovals() {
    for (String f : List.of("c", "a", "b", "d")) {
      store.put("k", f, f + f, false);
    }
    store.put("k", "a", "a much longer value than before", false);
    store.remove("k", "b");
    assertThat(store.entries("k").keySet()).containsExactly("c", "a", "d");
    assertThat(store.get("k", "a")).isEqualTo("a much longer value than before");
  }

  @Test
  void manyFieldsAndLongValuesAreAllKept() {
    for (int i = 0; i < 1000; i++) {
      store.put("k", "field:" + i, "v".repeat(i % 100), false);
    }
    store.put("k", "long", "x".repeat(5000), false);
    for (int i = 0; i < 1000; i += 2) {
      assertThat(store.remove("k", "field:" + i)).isTrue();
    }
    assertThat(store.count("k")).isEqualTo(501);
    assertThat(store.get("k", "field:7")).isEqualTo("v".repeat(7));
    assertThat(store.get("k", "field:8")).isNull();
    assertThat(store.get("k", "long")).hasSize(5000);
  }

  @Test
  void emptyFieldsAndValuesAreEntries() {
    store.put("k", "", "", false);
    assertThat(store.get("k", "")).isEmpty();
    assertThat(store.count("k")).isEqualTo(1);
  }
}
