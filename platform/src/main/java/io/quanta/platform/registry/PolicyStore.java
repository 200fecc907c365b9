package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.spec.ProductId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The versions of each product version's local policies changed through its control port. Thread
 * safe.
 */
public final class PolicyStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  PolicyStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * One version of a product's policies.
   *
   * @param version 1 for the first change through the control port, then 2, 3...
   * @param policies the policies section
   * @param changedBy the user who changed them
   */
  public record PolicyVersion(
      ProductId product, int version, JsonNode policies, Instant changedAt, String changedBy) {
    public PolicyVersion {
      requireNonNull(product, "product");
      requireNonNull(policies, "policies");
      requireNonNull(changedAt, "changedAt");
      requireNonNull(changedBy, "changedBy");
    }
  }

  /** The policies in force: the newest version, if the control port ever changed them. */
  public Optional<PolicyVersion> current(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT version, policies, changed_at, changed_by FROM product_policies"
                        + " WHERE domain = ? AND name = ? AND major = ?"
                        + " ORDER BY version DESC LIMIT 1")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .map((row, context) -> version(product, row))
                .findOne());
  }

  /** Every version, oldest first. */
  public List<PolicyVersion> history(ProductId product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT version, policies, changed_at, changed_by FROM product_policies"
                        + " WHERE domain = ? AND name = ? AND major = ? ORDER BY version")
                .bind(0, product.domain())
                .bind(1, product.name())
                .bind(2, product.major())
                .map((row, context) -> version(product, row))
                .list());
  }

  /** Stores the next version and returns it. */
  public PolicyVersion put(ProductId product, JsonNode policies, Instant at, String by) {
    return jdbi.inTransaction(
        handle -> {
          int next =
              handle
                      .createQuery(
                          "SELECT coalesce(max(version), 0) FROM product_policies"
                              + " WHERE domain = ? AND name = ? AND major = ?")
                      .bind(0, product.domain())
                      .bind(1, product.name())
                      .bind(2, product.major())
                      .mapTo(Integer.class)
                      .one()
                  + 1;
          handle
              .createUpdate(
                  "INSERT INTO product_policies (domain, name, major, version, policies,"
                      + " changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)")
              .bind(0, product.domain())
              .bind(1, product.name())
              .bind(2, product.major())
              .bind(3, next)
              .bind(4, json(policies))
              .bind(5, Times.format(at))
              .bind(6, by)
              .execute();
          return new PolicyVersion(product, next, policies, at, by);
        });
  }

  private static PolicyVersion version(ProductId product, java.sql.ResultSet row)
      throws java.sql.SQLException {
    try {
      return new PolicyVersion(
          product,
          row.getInt("version"),
          JSON.readTree(row.getString("policies")),
          Times.parse(row.getString("changed_at")),
          row.getString("changed_by"));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored policies of " + product + " are not JSON", e);
    }
  }

  private static String json(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
