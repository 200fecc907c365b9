package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Deprecations and retirements of product versions, their history, and the warnings runs give about
 * them. Each change updates the version's {@code state} in {@code product_versions} with its
 * details, in one transaction, so every process reading the registry sees both or neither.
 *
 * <p>Thread safe.
 */
public final class LifecycleStore {
  /** The user recorded for the platform's own lifecycle tasks (dropping retired tables). */
  public static final String PLATFORM_USER = "quanta";

  private static final String COLUMNS =
      "domain, name, major, deprecated_at, deprecated_by, sunset, successor, deprecation_note,"
          + " retired_at, retired_by, retirement_note, forced, tables_dropped_at";

  private final Jdbi jdbi;

  LifecycleStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * The lifecycle of a product version: active when it was never deprecated nor retired (or is not
   * deployed at all).
   */
  public ProductLifecycle of(ProductId product) {
    requireNonNull(product, "product is null");
    return jdbi.withHandle(
        handle -> {
          Optional<String> state =
              handle
                  .createQuery("SELECT state FROM product_versions WHERE " + RunStore.OF_PRODUCT)
                  .bindMethods(product)
                  .mapTo(String.class)
                  .findOne();
          Optional<ProductLifecycle> details =
              handle
                  .createQuery(
                      "SELECT " + COLUMNS + " FROM product_lifecycle WHERE " + RunStore.OF_PRODUCT)
                  .bindMethods(product)
                  .map((row, context) -> lifecycle(row, state.orElse("active")))
                  .findOne();
          return details.orElse(ProductLifecycle.active(product));
        });
  }

  /** Every version that left the active state, by product version. */
  public Map<ProductId, ProductLifecycle> all() {
    return jdbi.withHandle(
        handle -> {
          Map<ProductId, ProductLifecycle> all = new LinkedHashMap<>();
          handle
              .createQuery(
                  "SELECT l.domain, l.name, l.major, l.deprecated_at, l.deprecated_by, l.sunset,"
                      + " l.successor, l.deprecation_note, l.retired_at, l.retired_by,"
                      + " l.retirement_note, l.forced, l.tables_dropped_at, v.state"
                      + " FROM product_lifecycle l JOIN product_versions v USING (domain, name,"
                      + " major) ORDER BY l.domain, l.name, l.major")
              .map((row, context) -> lifecycle(row, row.getString("state")))
              .forEach(lifecycle -> all.put(lifecycle.product(), lifecycle));
          return all;
        });
  }

  /** The retired versions whose tables are not dropped yet, retired earliest first. */
  public List<ProductLifecycle> retiredWithTables() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM product_lifecycle WHERE retired_at IS NOT NULL"
                        + " AND tables_dropped_at IS NULL ORDER BY retired_at")
                .map((row, context) -> lifecycle(row, LifecycleState.RETIRED.text()))
                .list());
  }

  /**
   * Records a deprecation, or a change of one (a new sunset, successor or reason), and marks the
   * version deprecated.
   *
   * @param changed whether the version was deprecated already (logged as {@code
   *     deprecation-changed}); its first deprecation time is kept
   */
  public void deprecate(
      ProductId product, ProductLifecycle.Deprecation deprecation, boolean changed) {
    requireNonNull(product, "product is null");
    requireNonNull(deprecation, "deprecation is null");
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate(
                  "INSERT INTO product_lifecycle (domain, name, major, deprecated_at,"
                      + " deprecated_by, sunset, successor, deprecation_note) VALUES (:domain,"
                      + " :name, :major, :at, :by, :sunset, :successor, :note) ON CONFLICT"
                      + " (domain, name, major) DO UPDATE SET deprecated_at ="
                      + " coalesce(product_lifecycle.deprecated_at, excluded.deprecated_at),"
                      + " deprecated_by = excluded.deprecated_by, sunset = excluded.sunset,"
                      + " successor = excluded.successor, deprecation_note ="
                      + " excluded.deprecation_note")
              .bindMethods(product)
              .bind("at", Times.format(deprecation.deprecatedAt()))
              .bind("by", deprecation.deprecatedBy())
              .bind("sunset", Times.format(deprecation.sunset()))
              .bind("successor", deprecation.successor().map(ProductId::toString).orElse(null))
              .bind("note", deprecation.reason().orElse(null))
              .execute();
          setState(handle, product, LifecycleState.DEPRECATED);
          log(
              handle,
              product,
              changed ? "deprecation-changed" : "deprecated",
              deprecation.deprecatedAt(),
              deprecation.deprecatedBy(),
              "sunset "
                  + Times.format(deprecation.sunset())
                  + deprecation.successor().map(s -> ", successor " + s).orElse("")
                  + deprecation.reason().map(r -> ", reason: " + r).orElse(""));
        });
  }

  /** Records a retirement and marks the version retired. */
  public void retire(ProductId product, ProductLifecycle.Retirement retirement) {
    requireNonNull(product, "product is null");
    requireNonNull(retirement, "retirement is null");
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate(
                  "INSERT INTO product_lifecycle (domain, name, major, retired_at, retired_by,"
                      + " retirement_note, forced) VALUES (:domain, :name, :major, :at, :by,"
                      + " :note, :forced) ON CONFLICT (domain, name, major) DO UPDATE SET"
                      + " retired_at = excluded.retired_at, retired_by = excluded.retired_by,"
                      + " retirement_note = excluded.retirement_note, forced = excluded.forced")
              .bindMethods(product)
              .bind("at", Times.format(retirement.retiredAt()))
              .bind("by", retirement.retiredBy())
              .bind("note", retirement.reason().orElse(null))
              .bind("forced", retirement.forced() ? 1 : 0)
              .execute();
          setState(handle, product, LifecycleState.RETIRED);
          log(
              handle,
              product,
              "retired",
              retirement.retiredAt(),
              retirement.retiredBy(),
              (retirement.forced() ? "forced" : "after its sunset")
                  + retirement.reason().map(r -> ", reason: " + r).orElse(""));
        });
  }

  /** Records that a retired version's tables were dropped. */
  public void tablesDropped(ProductId product, Instant at, String details) {
    jdbi.useTransaction(
        handle -> {
          handle
              .createUpdate(
                  "UPDATE product_lifecycle SET tables_dropped_at = :at WHERE "
                      + RunStore.OF_PRODUCT)
              .bindMethods(product)
              .bind("at", Times.format(at))
              .execute();
          log(handle, product, "tables-dropped", at, PLATFORM_USER, details);
        });
  }

  /** What happened to the version's lifecycle, oldest first. */
  public List<LifecycleEvent> history(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT action, at, by, details FROM lifecycle_events WHERE "
                        + RunStore.OF_PRODUCT
                        + " ORDER BY id")
                .bindMethods(product)
                .map(
                    (row, context) ->
                        new LifecycleEvent(
                            product,
                            row.getString("action"),
                            Instant.parse(row.getString("at")),
                            row.getString("by"),
                            row.getString("details")))
                .list());
  }

  /** Records the warnings of a run, in the transaction that ends it. */
  public void recordRunWarnings(Handle handle, String runId, List<RunWarning> warnings) {
    for (RunWarning warning : warnings) {
      handle
          .createUpdate(
              "INSERT INTO run_warnings (run_id, kind, input, message, warned_at)"
                  + " VALUES (?, ?, ?, ?, ?)")
          .bind(0, runId)
          .bind(1, warning.kind())
          .bind(2, warning.input().orElse(null))
          .bind(3, warning.message())
          .bind(4, Times.format(warning.warnedAt()))
          .execute();
    }
  }

  /** The warnings of a run, in the order they were given. */
  public List<RunWarning> runWarnings(String runId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT kind, input, message, warned_at FROM run_warnings WHERE run_id = ?"
                        + " ORDER BY id")
                .bind(0, runId)
                .map(
                    (row, context) ->
                        new RunWarning(
                            row.getString("kind"),
                            Optional.ofNullable(row.getString("input")),
                            row.getString("message"),
                            Instant.parse(row.getString("warned_at"))))
                .list());
  }

  private static void setState(Handle handle, ProductId product, LifecycleState state) {
    handle
        .createUpdate("UPDATE product_versions SET state = :state WHERE " + RunStore.OF_PRODUCT)
        .bindMethods(product)
        .bind("state", state.text())
        .execute();
  }

  private static void log(
      Handle handle, ProductId product, String action, Instant at, String by, String details) {
    handle
        .createUpdate(
            "INSERT INTO lifecycle_events (domain, name, major, action, at, by, details)"
                + " VALUES (:domain, :name, :major, :action, :at, :by, :details)")
        .bindMethods(product)
        .bind("action", action)
        .bind("at", Times.format(at))
        .bind("by", by)
        .bind("details", details)
        .execute();
  }

  private static ProductLifecycle lifecycle(ResultSet row, String state) throws SQLException {
    ProductId product =
        ProductId.of(row.getString("domain"), row.getString("name"), row.getInt("major"));
    Optional<ProductLifecycle.Deprecation> deprecation = Optional.empty();
    if (row.getString("deprecated_at") != null) {
      deprecation =
          Optional.of(
              new ProductLifecycle.Deprecation(
                  Instant.parse(row.getString("deprecated_at")),
                  row.getString("deprecated_by"),
                  Instant.parse(row.getString("sunset")),
                  Optional.ofNullable(row.getString("successor")).map(LifecycleStore::version),
                  Optional.ofNullable(row.getString("deprecation_note"))));
    }
    Optional<ProductLifecycle.Retirement> retirement = Optional.empty();
    if (row.getString("retired_at") != null) {
      retirement =
          Optional.of(
              new ProductLifecycle.Retirement(
                  Instant.parse(row.getString("retired_at")),
                  row.getString("retired_by"),
                  Optional.ofNullable(row.getString("retirement_note")),
                  row.getInt("forced") == 1,
                  Optional.ofNullable(row.getString("tables_dropped_at")).map(Instant::parse)));
    }
    LifecycleState parsed = LifecycleState.parse(state);
    // Both are written in one transaction; should they disagree, show what the details support.
    if (parsed == LifecycleState.RETIRED && retirement.isEmpty()) {
      parsed = deprecation.isPresent() ? LifecycleState.DEPRECATED : LifecycleState.ACTIVE;
    }
    if (parsed == LifecycleState.DEPRECATED && deprecation.isEmpty()) {
      parsed = LifecycleState.ACTIVE;
    }
    return new ProductLifecycle(product, parsed, deprecation, retirement);
  }

  private static ProductId version(String text) {
    ProductRef ref = ProductRef.parse(text);
    return ref.product().version(ref.major().orElseThrow());
  }
}
