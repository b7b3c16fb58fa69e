package io.panamax.engine.collection;

import io.panamax.engine.keyspace.Keyspace;
import io.panamax.engine.keyspace.KeyspaceConfig;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link FieldMap} values in a real {@link Keyspace} with the releaser installed. */
final class OffHeapStore implements FieldMapStore {
  static final int TYPE_HASH = 1;

  final Keyspace keyspace;

  OffHeapStore() {
    keyspace = new Keyspace(new KeyspaceConfig(64, 0, System::currentTimeMillis));
    keyspace.valueReleaser(FieldMap::release);
  }

  static MemorySegment bytes(String s) {
    return MemorySegment.ofArray(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int put(String key, String field, String value, boolean onlyIfAbsent) {
    return FieldMap.put(keyspace, bytes(key), TYPE_HASH, bytes(field), bytes(value), onlyIfAbsent);
  }

  @Override
  public boolean remove(String key, String field) {
    return FieldMap.remove(keyspace, bytes(key), bytes(field));
  }

  @Override
  public String get(String key, String field) {
    long ref = keyspace.lookup(bytes(key));
    FieldMap.Entry e = new FieldMap.Entry();
    if (ref < 0 || !FieldMap.find(keyspace, ref, bytes(field), e)) {
      return null;
    }
    return new String(e.value(), StandardCharsets.UTF_8);
  }

  @Override
  public int count(String key) {
    long ref = keyspace.lookup(bytes(key));
    return ref < 0 ? 0 : FieldMap.count(keyspace, ref);
  }

  @Override
  public Map<String, String> entries(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    long ref = keyspace.lookup(bytes(key));
    if (ref >= 0) {
      FieldMap.forEach(keyspace, ref, e -> out.put(
          new String(e.field(), StandardCharsets.UTF_8), new String(e.value(), StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Override
  public boolean deleteKey(String key) {
    return keyspace.delete(bytes(key));
  }

  @Override
  public void close() {
    keyspace.close();
  }
}
