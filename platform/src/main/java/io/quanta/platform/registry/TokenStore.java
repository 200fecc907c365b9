package io.quanta.platform.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The bearer tokens of {@code quanta token create}, stored by the hash of the token (see {@code
 * Tokens.hash}): the registry can recognise a token it is shown but cannot produce one. Thread
 * safe.
 */
public final class TokenStore {
  private static final String COLUMNS =
      "id, user_name, groups, roles, attributes, description, created_at, expires_at, revoked_at";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Jdbi jdbi;

  TokenStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records a new token under the hash of its secret.
   *
   * @throws QuantaException {@code CONFLICT} if a token with the same id (or hash) exists
   */
  public void insert(String tokenHash, TokenRecord token) {
    Principal principal = token.principal();
    try {
      jdbi.useHandle(
          handle ->
              handle
                  .createUpdate(
                      "INSERT INTO tokens (id, token_hash, user_name, groups, roles, attributes,"
                          + " description, created_at, expires_at, revoked_at)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  .bind(0, token.id())
                  .bind(1, tokenHash)
                  .bind(2, principal.user())
                  .bind(3, json(new TreeSet<>(principal.groups())))
                  .bind(4, json(new TreeSet<>(principal.roles())))
                  .bind(5, json(principal.attributes()))
                  .bind(6, token.description())
                  .bind(7, Times.format(token.createdAt()))
                  .bind(8, token.expiresAt().map(Times::format).orElse(null))
                  .bind(9, token.revokedAt().map(Times::format).orElse(null))
                  .execute());
    } catch (UnableToExecuteStatementException e) {
      if (String.valueOf(e.getMessage()).contains("UNIQUE")) {
        throw new QuantaException(
            ErrorCode.CONFLICT, "A token with the id " + token.id() + " already exists", e);
      }
      throw e;
    }
  }

  /** The token whose secret has this hash, revoked and expired ones included. */
  public Optional<TokenRecord> findByHash(String tokenHash) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM tokens WHERE token_hash = ?")
                .bind(0, tokenHash)
                .map((row, context) -> token(row))
                .findOne());
  }

  public Optional<TokenRecord> find(String id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM tokens WHERE id = ?")
                .bind(0, id)
                .map((row, context) -> token(row))
                .findOne());
  }

  /** Every token, revoked and expired ones included, oldest first. */
  public List<TokenRecord> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM tokens ORDER BY created_at, id")
                .map((row, context) -> token(row))
                .list());
  }

  /**
   * Marks a token as revoked at the time, unless it already is.
   *
   * @return whether this call revoked it (false if it was revoked before or does not exist)
   */
  public boolean revoke(String id, Instant revokedAt) {
    return jdbi.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                    .bind(0, Times.format(revokedAt))
                    .bind(1, id)
                    .execute())
        == 1;
  }

  private static TokenRecord token(ResultSet row) throws SQLException {
    Principal principal =
        new Principal(
            row.getString("user_name"),
            read(row.getString("groups"), new TypeReference<Set<String>>() {}),
            read(row.getString("roles"), new TypeReference<Set<String>>() {}),
            read(
                row.getString("attributes"), new TypeReference<LinkedHashMap<String, Object>>() {}),
            false);
    return new TokenRecord(
        row.getString("id"),
        principal,
        row.getString("description"),
        Instant.parse(row.getString("created_at")),
        Optional.ofNullable(Times.parse(row.getString("expires_at"))),
        Optional.ofNullable(Times.parse(row.getString("revoked_at"))));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("strings, lists and maps always serialize", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The tokens table holds malformed JSON: " + json, e);
    }
  }
}
