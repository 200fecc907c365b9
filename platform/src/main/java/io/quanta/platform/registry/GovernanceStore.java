package io.quanta.platform.registry;

import io.quanta.governance.rules.GovernanceSource;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The applied versions of the mesh's governance files. Versions are only added, never changed: the
 * newest is the mesh's governance. Thread safe; several processes may add versions at once, each
 * gets its own number.
 */
public final class GovernanceStore {
  private final Jdbi jdbi;

  GovernanceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Stores the files as the next version.
   *
   * @param files the files, by name without folder
   * @return the stored version, with its number
   */
  public GovernanceVersionRecord add(
      List<GovernanceSource> files, Instant appliedAt, String appliedBy, String digest) {
    return jdbi.inTransaction(
        handle -> {
          // One statement picks and takes the number, so that concurrent applies never share one.
          handle
              .createUpdate(
                  "INSERT INTO governance_versions (number, applied_at, applied_by, digest)"
                      + " SELECT coalesce(max(number), 0) + 1, ?, ?, ? FROM governance_versions")
              .bind(0, Times.format(appliedAt))
              .bind(1, appliedBy)
              .bind(2, digest)
              .execute();
          int number = handle.createQuery("SELECT last_insert_rowid()").mapTo(Integer.class).one();
          for (GovernanceSource file : files) {
            handle
                .createUpdate(
                    "INSERT INTO governance_files (version, name, content) VALUES (?, ?, ?)")
                .bind(0, number)
                .bind(1, file.file())
                .bind(2, file.text())
                .execute();
          }
          return find(handle, number).orElseThrow();
        });
  }

  /** The newest version's number; empty when none was applied. A cheap query, for polling. */
  public OptionalInt latestNumber() {
    Integer number =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery("SELECT max(number) FROM governance_versions")
                    .mapTo(Integer.class)
                    .one());
    return number == null ? OptionalInt.empty() : OptionalInt.of(number);
  }

  /** The version of that number, with its files. */
  public Optional<GovernanceVersionRecord> find(int number) {
    return jdbi.withHandle(handle -> find(handle, number));
  }

  /** Every applied version without its files' contents, newest first. */
  public List<GovernanceVersionRecord> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT number, applied_at, applied_by, digest FROM governance_versions"
                        + " ORDER BY number DESC")
                .map(
                    (row, context) ->
                        new GovernanceVersionRecord(
                            row.getInt("number"),
                            Instant.parse(row.getString("applied_at")),
                            row.getString("applied_by"),
                            row.getString("digest"),
                            List.of()))
                .list());
  }

  private static Optional<GovernanceVersionRecord> find(Handle handle, int number) {
    List<GovernanceSource> files =
        handle
            .createQuery(
                "SELECT name, content FROM governance_files WHERE version = ? ORDER BY name")
            .bind(0, number)
            .map(
                (row, context) ->
                    new GovernanceSource(row.getString("name"), row.getString("content")))
            .list();
    return handle
        .createQuery(
            "SELECT number, applied_at, applied_by, digest FROM governance_versions"
                + " WHERE number = ?")
        .bind(0, number)
        .map(
            (row, context) ->
                new GovernanceVersionRecord(
                    row.getInt("number"),
                    Instant.parse(row.getString("applied_at")),
                    row.getString("applied_by"),
                    row.getString("digest"),
                    files))
        .findOne();
  }
}
