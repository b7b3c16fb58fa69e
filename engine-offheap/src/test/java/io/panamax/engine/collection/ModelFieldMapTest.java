package io.panamax.engine.collection;

/** The field map contract against the on-heap model, which keeps the contract itself honest. */
class ModelFieldMapTest extends FieldMapContractTest {
  @Override
  FieldMapStore create() {
    return new ModelStore();
  }
}
