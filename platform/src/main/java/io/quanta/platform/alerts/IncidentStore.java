package io.quanta.platform.alerts;

import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.Times;
import io.quanta.spec.ProductId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The incidents in the registry (table {@code incidents}). Every change is one statement, so that
 * processes sharing the registry see each other's changes atomically: at most one incident per
 * check is open (a unique index backs the conditional insert), and at most one process holds the
 * delivery lease of an incident.
 *
 * <p>Thread safe.
 */
final class IncidentStore {
  private static final String COLUMNS =
      "id, product, major, port, check_name, kind, severity, opened_at, resolved_at,"
          + " last_message, observed, occurrences, notified_open, notified_resolved";
  private static final String OPEN_OF_CHECK =
      "product = ? AND major = ? AND port = ? AND check_name = ? AND resolved_at IS NULL";
  private static final String UNDELIVERED =
      "(notified_open = 0 OR (resolved_at IS NOT NULL AND notified_resolved = 0))";
  private static final String UNCLAIMED =
      "(delivery_claimed_until IS NULL OR delivery_claimed_until < ?)";

  private final Registry registry;

  IncidentStore(Registry registry) {
    this.registry = registry;
  }

  /** Counts a failure in the open incident of the outcome's check: that incident, if any. */
  Optional<Incident> recordFailure(CheckOutcome outcome) {
    return registry.inTransaction(
        handle ->
            bindCheck(
                    handle.createQuery(
                        "UPDATE incidents SET occurrences = occurrences + 1, last_message = ?,"
                            + " observed = ? WHERE "
                            + OPEN_OF_CHECK
                            + " RETURNING "
                            + COLUMNS),
                    2,
                    outcome)
                .bind(0, outcome.message())
                .bind(1, outcome.observed())
                .map((row, context) -> incident(row))
                .findOne());
  }

  /**
   * Opens an incident for the outcome's check unless one is open.
   *
   * @param notified whether every channel already has the news (no webhook is configured)
   * @return the new incident; empty when one was open already (maybe opened by another process a
   *     moment ago)
   */
  Optional<Incident> open(CheckOutcome outcome, boolean notified) {
    try {
      return registry.inTransaction(
          handle ->
              bindCheck(
                      handle.createQuery(
                          "INSERT INTO incidents (product, major, port, check_name, kind,"
                              + " severity, opened_at, last_message, observed, occurrences,"
                              + " notified_open, notified_resolved)"
                              + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, 0"
                              + " WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE "
                              + OPEN_OF_CHECK
                              + ") RETURNING "
                              + COLUMNS),
                      10,
                      outcome)
                  .bind(0, productText(outcome.product()))
                  .bind(1, outcome.product().major())
                  .bind(2, outcome.port().orElse(""))
                  .bind(3, outcome.check())
                  .bind(4, outcome.kind().text())
                  .bind(5, outcome.severity().text())
                  .bind(6, Times.format(outcome.at()))
                  .bind(7, outcome.message())
                  .bind(8, outcome.observed())
                  .bind(9, notified ? 1 : 0)
                  .map((row, context) -> incident(row))
                  .findOne());
    } catch (UnableToExecuteStatementException e) {
      // Where the database does not serialize the check and the insert (PostgreSQL), the unique
      // index refuses the second of two concurrent openings.
      if (isUniqueViolation(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Resolves the open incident of the outcome's check, if there is one.
   *
   * @param notified whether every channel already has the news (no webhook is configured)
   * @return the incident this call resolved; empty when none was open
   */
  Optional<Incident> resolve(CheckOutcome outcome, boolean notified) {
    return registry.inTransaction(
        handle ->
            bindCheck(
                    handle.createQuery(
                        "UPDATE incidents SET resolved_at = ?, notified_resolved = ? WHERE "
                            + OPEN_OF_CHECK
                            + " RETURNING "
                            + COLUMNS),
                    2,
                    outcome)
                .bind(0, Times.format(outcome.at()))
                .bind(1, notified ? 1 : 0)
                .map((row, context) -> incident(row))
                .findOne());
  }

  Optional<Incident> find(long id) {
    return registry.inTransaction(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM incidents WHERE id = ?")
                .bind(0, id)
                .map((row, context) -> incident(row))
                .findOne());
  }

  /** The open incidents, of one product version or of all, newest first. */
  List<Incident> open(Optional<ProductId> product) {
    return list("resolved_at IS NULL", product, Integer.MAX_VALUE);
  }

  /** The newest incidents, open or resolved, of one product version or of all, newest first. */
  List<Incident> history(Optional<ProductId> product, int limit) {
    return list("1 = 1", product, limit);
  }

  private List<Incident> list(String condition, Optional<ProductId> product, int limit) {
    return registry.inTransaction(
        handle -> {
          Query query =
              handle.createQuery(
                  "SELECT "
                      + COLUMNS
                      + " FROM incidents WHERE "
                      + condition
                      + (product.isPresent() ? " AND product = ? AND major = ?" : "")
                      + " ORDER BY opened_at DESC, id DESC LIMIT ?");
          int next = 0;
          if (product.isPresent()) {
            query.bind(next++, productText(product.get())).bind(next++, product.get().major());
          }
          return query.bind(next, limit).map((row, context) -> incident(row)).list();
        });
  }

  /** Incidents with a state change the webhook was not told of and no live lease, oldest first. */
  List<Incident> undelivered(Instant now, int limit) {
    return registry.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM incidents WHERE "
                        + UNDELIVERED
                        + " AND "
                        + UNCLAIMED
                        + " ORDER BY id LIMIT ?")
                .bind(0, Times.format(now))
                .bind(1, limit)
                .map((row, context) -> incident(row))
                .list());
  }

  /**
   * Takes the delivery lease of an incident that still has an undelivered state change, unless
   * another delivery holds a live lease.
   *
   * @return the incident as it is now, when this call took the lease
   */
  Optional<Incident> claim(long id, Instant now, Instant until) {
    return registry.inTransaction(
        handle ->
            handle
                .createQuery(
                    "UPDATE incidents SET delivery_claimed_until = ? WHERE id = ? AND "
                        + UNDELIVERED
                        + " AND "
                        + UNCLAIMED
                        + " RETURNING "
                        + COLUMNS)
                .bind(0, Times.format(until))
                .bind(1, id)
                .bind(2, Times.format(now))
                .map((row, context) -> incident(row))
                .findOne());
  }

  /** Records that the webhook was told the incident opened. */
  void deliveredOpen(long id) {
    update("UPDATE incidents SET notified_open = 1 WHERE id = ?", id);
  }

  /** Records that the webhook was told the incident was resolved. */
  void deliveredResolved(long id) {
    update("UPDATE incidents SET notified_resolved = 1 WHERE id = ?", id);
  }

  /**
   * Gives up the delivery lease: the next delivery may start at once (empty), or not before a time.
   */
  void release(long id, Optional<Instant> notBefore) {
    registry.inTransaction(
        handle ->
            handle
                .createUpdate("UPDATE incidents SET delivery_claimed_until = ? WHERE id = ?")
                .bind(0, notBefore.map(Times::format).orElse(null))
                .bind(1, id)
                .execute());
  }

  private void update(String sql, long id) {
    registry.inTransaction(handle -> handle.createUpdate(sql).bind(0, id).execute());
  }

  /** Binds the four parameters of {@link #OPEN_OF_CHECK} from the given position. */
  private static Query bindCheck(Query query, int position, CheckOutcome outcome) {
    return query
        .bind(position, productText(outcome.product()))
        .bind(position + 1, outcome.product().major())
        .bind(position + 2, outcome.port().orElse(""))
        .bind(position + 3, outcome.check());
  }

  private static String productText(ProductId product) {
    return product.product().toString();
  }

  private static Incident incident(ResultSet row) throws SQLException {
    String[] product = row.getString("product").split("/", 2);
    String port = row.getString("port");
    return new Incident(
        row.getLong("id"),
        ProductId.of(product[0], product[1], row.getInt("major")),
        port.isEmpty() ? Optional.empty() : Optional.of(port),
        row.getString("check_name"),
        CheckOutcome.Kind.fromText(row.getString("kind")),
        CheckOutcome.Severity.fromText(row.getString("severity")),
        Times.parse(row.getString("opened_at")),
        Optional.ofNullable(Times.parse(row.getString("resolved_at"))),
        row.getString("last_message"),
        row.getString("observed"),
        row.getLong("occurrences"),
        row.getInt("notified_open") != 0,
        row.getInt("notified_resolved") != 0);
  }

  private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true; // PostgreSQL's unique_violation
      }
    }
    return String.valueOf(e.getMessage()).contains("UNIQUE constraint failed");
  }
}
