package io.quanta.flight;

import io.quanta.governance.Reader;
import io.quanta.ports.sql.ReadOptions;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The descriptions of statements prepared a moment ago, each kept for the first execution that
 * follows. The JDBC driver prepares every query and executes it right away, so this saves
 * describing it twice (a DuckDB session and a {@code LIMIT 0} read, about half of a small query's
 * time). A description older than {@link #FRESH_NANOS} is not used: later executions describe the
 * query again and read as of their own time. A description is only used by the reader it was made
 * for: what a port's columns look like depends on who reads them (a hashed number is text). Thread
 * safe.
 */
final class FreshDescriptions {
  /**
   * How long a description stays fresh: a first execution reads as of its statement's preparing.
   */
  static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Key(Reader reader, String sql, ReadOptions options) {}

  private record Entry(ArrowQueries.Description description, long describedAt) {}

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /** Keeps the description of a statement just prepared; forgets the stale ones. */
  void put(Reader reader, String sql, ReadOptions options, ArrowQueries.Description description) {
    long now = System.nanoTime();
    entries.values().removeIf(entry -> now - entry.describedAt() > FRESH_NANOS);
    entries.put(new Key(reader, sql, options), new Entry(description, now));
  }

  /** The fresh description of the statement, at most once. */
  Optional<ArrowQueries.Description> take(Reader reader, String sql, ReadOptions options) {
    Entry entry = entries.remove(new Key(reader, sql, options));
    if (entry == null || System.nanoTime() - entry.describedAt() > FRESH_NANOS) {
      return Optional.empty();
    }
    return Optional.of(entry.description());
  }
}
