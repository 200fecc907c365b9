package io.quanta.platform.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.governance.audit.AccessDecision;
import io.quanta.governance.audit.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * The access audit log in the registry: every read decision, appended as it is made (in the same
 * process, before the read's answer leaves), so a crash cannot lose a decision whose data was
 * served. The system product {@code governance/access-audit} serves it to the governance role.
 *
 * <p>Thread safe.
 */
public final class AuditStore implements AuditSink {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  AuditStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void record(AccessDecision decision) {
    Principal principal = decision.principal();
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "INSERT INTO access_audit (decided_at, user_name, groups, roles, anonymous,"
                        + " purpose, port, mode, allowed, rules, obligations, fingerprint,"
                        + " rows_returned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(0, Times.format(decision.time()))
                .bind(1, principal.user())
                .bind(2, json(new ArrayList<>(new TreeSet<>(principal.groups()))))
                .bind(3, json(new ArrayList<>(new TreeSet<>(principal.roles()))))
                .bind(4, principal.anonymous() ? 1 : 0)
                .bind(5, decision.purpose().orElse(null))
                .bind(6, decision.port())
                .bind(7, decision.mode())
                .bind(8, decision.allowed() ? 1 : 0)
                .bind(9, json(decision.rules()))
                .bind(10, json(decision.obligations()))
                .bind(11, decision.fingerprint().orElse(null))
                .bind(12, decision.rows())
                .execute());
  }

  /** The newest decisions, newest first, at most {@code limit}. */
  public List<Map<String, Object>> newest(int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, decided_at, user_name, purpose, port, mode, allowed, rules,"
                        + " obligations, fingerprint, rows_returned FROM access_audit"
                        + " ORDER BY id DESC LIMIT ?")
                .bind(0, limit)
                .mapToMap()
                .list());
  }

  /**
   * The allowed reads of the ports decided at or after {@code since}, summed up per port, user,
   * mode and purpose; policy changes ({@code control}) and refusals are not reads. Ordered by port,
   * then newest read first.
   */
  public List<PortReads> reads(Collection<String> ports, Instant since) {
    if (ports.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    // Groups and roles as of each principal's newest read: what it is now.
                    "SELECT g.port, g.user_name, g.anonymous, g.mode, g.purpose, g.reads,"
                        + " g.last_read_at, a.groups, a.roles FROM (SELECT port, user_name,"
                        + " anonymous, mode, purpose, count(*) AS reads, max(decided_at) AS"
                        + " last_read_at, max(id) AS last_id FROM access_audit"
                        + " WHERE port IN (<ports>) AND decided_at >= :since AND allowed = 1"
                        + " AND mode <> 'control' GROUP BY port, user_name, anonymous, mode,"
                        + " purpose) g JOIN access_audit a ON a.id = g.last_id"
                        + " ORDER BY g.port, g.last_read_at DESC, g.user_name")
                .bindList("ports", List.copyOf(ports))
                .bind("since", Times.format(since))
                .map(
                    (row, context) ->
                        new PortReads(
                            row.getString("port"),
                            row.getString("user_name"),
                            strings(row.getString("groups")),
                            strings(row.getString("roles")),
                            row.getInt("anonymous") == 1,
                            row.getString("mode"),
                            Optional.ofNullable(row.getString("purpose")),
                            row.getLong("reads"),
                            Instant.parse(row.getString("last_read_at"))))
                .list());
  }

  /** How many decisions the log holds. */
  public long count() {
    return jdbi.withHandle(
        handle -> handle.createQuery("SELECT count(*) FROM access_audit").mapTo(Long.class).one());
  }

  /** The purpose of the newest decision of a user, for tests and tools. */
  public Optional<String> lastPurpose(String user) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT purpose FROM access_audit WHERE user_name = ? ORDER BY id DESC LIMIT 1")
                .bind(0, user)
                .mapTo(String.class)
                .findOne());
  }

  private static Set<String> strings(String json) {
    try {
      return Set.copyOf(java.util.Arrays.asList(JSON.readValue(json, String[].class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Not a JSON array of strings in the audit log: " + json, e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
