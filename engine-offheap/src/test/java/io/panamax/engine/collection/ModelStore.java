package io.panamax.engine.collection;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The on-heap model: a map of {@link LinkedHashMap}s (insertion order, as the packed encoding keeps). */
final class ModelStore implements FieldMapStore {
  private final Map<String, Map<String, String>> keys = new HashMap<>();

  @Override
  public int put(String key, String field, String value, boolean onlyIfAbsent) {
    Map<String, String> m = keys.computeIfAbsent(key, k -> new LinkedHashMap<>());
    if (m.containsKey(field)) {
      if (onlyIfAbsent) {
        return FieldMap.PRESENT;
      }
      m.put(field, value);
      return FieldMap.UPDATED;
    }
    m.put(field, value);
    return FieldMap.ADDED;
  }

  @Override
  public boolean remove(String key, String field) {
    Map<String, String> m = keys.get(key);
    if (m == null || m.remove(field) == null) {
      return false;
    }
    if (m.isEmpty()) {
      keys.remove(key);
    }
    return true;
  }

  @Override
  public String get(String key, String field) {
    Map<String, String> m = keys.get(key);
    return m == null ? null : m.get(field);
  }

  @Override
  public int count(String key) {
    Map<String, String> m = keys.get(key);
    return m == null ? 0 : m.size();
  }

  @Override
  public Map<String, String> entries(String key) {
    return new LinkedHashMap<>(keys.getOrDefault(key, Map.of()));
  }

  @Override
  public boolean deleteKey(String key) {
    return keys.remove(key) != null;
  }

  @Override
  public void close() {}
}
