package io.quanta.platform.read;

import static java.util.Objects.requireNonNull;

import io.quanta.engine.PortData;
import io.quanta.spec.Column;
import io.quanta.spec.PortId;
import io.quanta.storage.SnapshotFiles;
import io.quanta.storage.TimeWindow;
import io.quanta.storage.Warehouse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of port snapshots, planned by Iceberg. Snapshots never change, so a plan is computed
 * once and kept (a bounded cache): repeated reads of a port skip the catalog and the manifests. A
 * plan carries the field ids the files name their columns by, so that files written before the
 * port's columns changed read as the deployed spec declares them (docs/lifecycle.md).
 *
 * <p>Thread safe.
 */
public final class PortFiles {
  private static final int CACHE_SIZE = 2_048;

  private record Key(PortId port, long snapshotId, TimeWindow window, Optional<Instant> since) {}

  private final Warehouse warehouse;
  private final Map<Key, SnapshotFiles> cache =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, SnapshotFiles> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public PortFiles(Warehouse warehouse) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
  }

  /** Every file of the snapshot; an empty port when there is no snapshot. */
  public PortData latest(PortId port, List<Column> columns, Optional<Long> snapshotId) {
    return files(port, columns, snapshotId, TimeWindow.ALL, Optional.empty());
  }

  /**
   * The files of the snapshot that may hold rows in the event-time window processed after {@code
   * since}; an empty port when there is no snapshot.
   */
  public PortData files(
      PortId port,
      List<Column> columns,
      Optional<Long> snapshotId,
      TimeWindow window,
      Optional<Instant> since) {
    if (snapshotId.isEmpty()) {
      return PortData.empty(columns);
    }
    Key key = new Key(port, snapshotId.get(), window, since);
    SnapshotFiles files;
    synchronized (cache) {
      files = cache.get(key);
    }
    if (files == null) {
      files = warehouse.load(port).files(snapshotId.get(), window, since);
      synchronized (cache) {
        cache.put(key, files);
      }
    }
    return new PortData(
        columns,
        files.dataFiles(),
        files.deleteFiles(),
        files.fieldIds(),
        files.columnsInEveryFile());
  }
}
