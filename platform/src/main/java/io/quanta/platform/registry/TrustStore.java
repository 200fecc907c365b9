package io.quanta.platform.registry;

import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the platform measured about products (docs/trust.md): check results per run and between
 * runs, column profiles per run and port, and probes of ports for availability.
 *
 * <p>Thread safe.
 */
public final class TrustStore {
  private final Jdbi jdbi;

  TrustStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A port's profile as one run computed it: its rows, and its columns' profiles as JSON. */
  public record ProfileRecord(
      String runId, ProductId product, String port, long rows, String columns, Instant at) {}

  /** Stores checks in the caller's transaction (a run's commit or failure). */
  public void record(Handle handle, List<CheckRecord> checks) {
    for (CheckRecord check : checks) {
      handle
          .createUpdate(
              "INSERT INTO checks (domain, name, major, port, run_id, kind, check_name, severity,"
                  + " status, observed, threshold, failing_rows, total_rows, message, checked_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .bind(0, check.product().domain())
          .bind(1, check.product().name())
          .bind(2, check.product().major())
          .bind(3, check.port().orElse(null))
          .bind(4, check.runId().orElse(null))
          .bind(5, check.kind().dbName())
          .bind(6, check.name())
          .bind(7, check.severity())
          .bind(8, check.passed() ? "passed" : "failed")
          .bind(9, check.observed().orElse(null))
          .bind(10, check.threshold().orElse(null))
          .bind(11, check.failingRows().isPresent() ? check.failingRows().getAsLong() : null)
          .bind(12, check.totalRows().isPresent() ? check.totalRows().getAsLong() : null)
          .bind(13, check.message())
          .bind(14, Times.format(check.checkedAt()))
          .execute();
    }
  }

  /** Stores checks in a transaction of their own. */
  public void record(List<CheckRecord> checks) {
    jdbi.useTransaction(handle -> record(handle, checks));
  }

  /** Stores a port's profile in the caller's transaction. */
  public void recordProfile(Handle handle, ProfileRecord profile) {
    handle
        .createUpdate(
            "INSERT INTO profiles (run_id, domain, name, major, port, total_rows, columns,"
                + " profiled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, profile.runId())
        .bind(1, profile.product().domain())
        .bind(2, profile.product().name())
        .bind(3, profile.product().major())
        .bind(4, profile.port())
        .bind(5, profile.rows())
        .bind(6, profile.columns())
        .bind(7, Times.format(profile.at()))
        .execute();
  }

  /** The checks a run made, in the order it made them. */
  public List<CheckRecord> ofRun(String runId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT * FROM checks WHERE run_id = ? ORDER BY id")
                .bind(0, runId)
                .map((rs, ctx) -> check(rs))
                .list());
  }

  /**
   * The latest evaluation between runs of each check of a product (freshness, availability), the
   * newest first.
   */
  public List<CheckRecord> latestEvaluations(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM checks c WHERE domain = ? AND name = ? AND major = ? AND run_id"
                        + " IS NULL AND id = (SELECT max(id) FROM checks l WHERE l.domain ="
                        + " c.domain AND l.name = c.name AND l.major = c.major AND l.run_id IS NULL"
                        + " AND l.check_name = c.check_name AND COALESCE(l.port, '') ="
                        + " COALESCE(c.port, '')) ORDER BY id DESC")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .map((rs, ctx) -> check(rs))
                .list());
  }

  /**
   * The newest measurement by a run of each objective of a product (timeliness, completeness,
   * volume): what the latest run that measured it found, even if later runs failed before they
   * could measure.
   */
  public List<CheckRecord> latestRunMeasurements(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM checks c WHERE domain = ? AND name = ? AND major = ? AND kind ="
                        + " 'slo' AND run_id IS NOT NULL AND id = (SELECT max(id) FROM checks l"
                        + " WHERE l.domain = c.domain AND l.name = c.name AND l.major = c.major AND"
                        + " l.kind = 'slo' AND l.run_id IS NOT NULL AND l.check_name = c.check_name"
                        + " AND COALESCE(l.port, '') = COALESCE(c.port, '')) ORDER BY id")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .map((rs, ctx) -> check(rs))
                .list());
  }

  /** The newest profile of a port, if any run profiled it. */
  public Optional<ProfileRecord> latestProfile(ProductId product, String port) {
    return profiles(product, port, 1).stream().findFirst();
  }

  /** The newest profiles of a port, newest first. */
  public List<ProfileRecord> profiles(ProductId product, String port, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT * FROM profiles WHERE domain = ? AND name = ? AND major = ? AND port = ?"
                        + " ORDER BY profiled_at DESC LIMIT ?")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .bind(3, port)
                .bind(4, limit)
                .map(
                    (rs, ctx) ->
                        new ProfileRecord(
                            rs.getString("run_id"),
                            product,
                            rs.getString("port"),
                            rs.getLong("total_rows"),
                            rs.getString("columns"),
                            Times.parse(rs.getString("profiled_at"))))
                .list());
  }

  /** Records a probe of a port. */
  public void recordProbe(ProductId product, String port, Instant at, boolean ok, String message) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO port_probes (domain, name, major, port, probed_at, ok, message)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .bind(3, port)
                .bind(4, Times.format(at))
                .bind(5, ok ? 1 : 0)
                .bind(6, message)
                .execute());
  }

  /** Probes of a port since a time: how many, and how many succeeded. */
  public record ProbeCount(long probes, long succeeded) {
    /** The share that succeeded; 1 when nothing was probed. */
    public double availability() {
      return probes == 0 ? 1 : (double) succeeded / probes;
    }
  }

  /** Counts a port's probes since a time. */
  public ProbeCount probes(ProductId product, String port, Instant since) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT count(*) AS probes, COALESCE(sum(ok), 0) AS succeeded FROM port_probes"
                        + " WHERE domain = ? AND name = ? AND major = ? AND port = ? AND probed_at"
                        + " >= ?")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .bind(3, port)
                .bind(4, Times.format(since))
                .map((rs, ctx) -> new ProbeCount(rs.getLong("probes"), rs.getLong("succeeded")))
                .one());
  }

  private static CheckRecord check(java.sql.ResultSet rs) throws java.sql.SQLException {
    long failing = rs.getLong("failing_rows");
    boolean failingNull = rs.wasNull();
    long total = rs.getLong("total_rows");
    boolean totalNull = rs.wasNull();
    return new CheckRecord(
        rs.getLong("id"),
        ProductId.of(rs.getString("domain"), rs.getString("name"), rs.getInt("major")),
        Optional.ofNullable(rs.getString("port")),
        Optional.ofNullable(rs.getString("run_id")),
        CheckRecord.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        rs.getString("check_name"),
        rs.getString("severity"),
        "passed".equals(rs.getString("status")),
        Optional.ofNullable(rs.getString("observed")),
        Optional.ofNullable(rs.getString("threshold")),
        failingNull ? OptionalLong.empty() : OptionalLong.of(failing),
        totalNull ? OptionalLong.empty() : OptionalLong.of(total),
        rs.getString("message"),
        Times.parse(rs.getString("checked_at")));
  }
}
