package io.panamax.engine.collection;

/** The field map contract against {@link FieldMap} in a keyspace. */
class OffHeapFieldMapTest extends FieldMapContractTest {
  @Override
  FieldMapStore create() {
    return new OffHeapStore();
  }
}
