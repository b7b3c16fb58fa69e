package io.panamax.engine.collection;

import java.util.Map;

/** What the field map contract tests drive: the off-heap {@link FieldMap} in a keyspace, or an on-heap model. */
interface FieldMapStore extends AutoCloseable {
  /** {@link FieldMap#ADDED}, {@link FieldMap#UPDATED} or {@link FieldMap#PRESENT}. */
  int put(String key, String field, String value, boolean onlyIfAbsent);

  boolean remove(String key, String field);

  /** The value, or null. */
  String get(String key, String field);

  /** Entry count, 0 for a missing key. */
  int count(String key);

  /** All entries of the key (empty for a missing key). */
  Map<String, String> entries(String key);

  boolean deleteKey(String key);

  @Override
  void close();
}
