package io.quanta.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.registry.Registry;
import io.quanta.platform.registry.TokenRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens through the service and the registry's store, on a real SQLite registry. */
class TokenServiceTest {
  private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
  private static final Principal ALICE =
      new Principal(
          "alice",
          Set.of("analysts"),
          Set.of("pii-reader"),
          Map.of("country", "DE", "departments", List.of("sales", "marketing")),
          false);

  @TempDir Path dataDir;
  private Registry registry;
  private TestClock clock;
  private TokenService tokens;
  private Authenticator authenticator;

  @BeforeEach
  void open() {
    registry = Registry.open(dataDir);
    clock = new TestClock(START);
    tokens = new TokenService(registry.tokens(), clock);
    authenticator =
        new Authenticator(registry.tokens(), AuthSettings.DEFAULTS, name -> null, clock);
  }

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void aNewTokenStandsForItsPrincipal() {
    TokenService.IssuedToken issued = tokens.create(ALICE, " notebook ", Optional.empty());

    assertThat(Tokens.isToken(issued.token())).isTrue();
    TokenRecord record = issued.record();
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(record.id()).isEqualTo(Tokens.id(issued.token()));
    soft.assertThat(record.principal()).isEqualTo(ALICE);
    soft.assertThat(record.description()).isEqualTo("notebook");
    soft.assertThat(record.createdAt()).isEqualTo(START);
    soft.assertThat(record.expiresAt()).isEmpty();
    soft.assertThat(record.revokedAt()).isEmpty();
    soft.assertThat(issued.toString()).doesNotContain(issued.token());
    soft.assertAll();
    assertThat(authenticator.authenticate(Optional.of("Bearer " + issued.token())))
        .isEqualTo(ALICE);
    assertThat(registry.tokens().find(record.id())).contains(record);
  }

  @Test
  void theRegistryHoldsTheHashButNeverTheToken() throws Exception {
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      issued.add(tokens.create(ALICE, "token " + i, Optional.empty()).token());
    }
    registry.close();

    List<String> stored = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("quanta.db"));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT * FROM tokens")) {
      while (rows.next()) {
        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
          stored.add(String.valueOf(rows.getString(column)));
        }
      }
    }
    String files = allFiles(dataDir);
    for (String token : issued) {
      assertThat(stored)
          .noneMatch(value -> value.contains(token.substring(Tokens.PREFIX.length())));
      assertThat(stored).contains(Tokens.hash(token));
      assertThat(files).doesNotContain(token.substring(Tokens.PREFIX.length()));
    }
    registry = Registry.open(dataDir); // for close()
  }

  @Test
  void theListShowsEveryTokenOldestFirstWithoutSecrets() {
    TokenService.IssuedToken first = tokens.create(ALICE, "first", Optional.empty());
    clock.advance(Duration.ofMinutes(1));
    TokenService.IssuedToken second =
        tokens.create(
            Principal.user("bob"), "second", Optional.of(START.plus(Duration.ofDays(30))));
    tokens.revoke(first.record().id());

    List<TokenRecord> list = tokens.list();

    assertThat(list)
        .extracting(TokenRecord::id)
        .containsExactly(first.record().id(), second.record().id());
    assertThat(list.get(0).revokedAt()).contains(START.plus(Duration.ofMinutes(1)));
    assertThat(list.get(1).expiresAt()).contains(START.plus(Duration.ofDays(30)));
    assertThat(list.get(1).principal()).isEqualTo(Principal.user("bob"));
  }

  @Test
  void aRevokedTokenIsRefusedAtOnce() {
    String token = tokens.create(ALICE, "", Optional.empty()).token();
    assertThat(authenticator.authenticate(Optional.of(token)).user()).isEqualTo("alice");

    clock.advance(Duration.ofSeconds(5));
    TokenService.Revocation revocation = tokens.revoke(Tokens.id(token));

    assertThat(revocation.now()).isTrue();
    assertThat(revocation.token().revokedAt()).contains(START.plusSeconds(5));
    assertThatThrownBy(() -> authenticator.authenticate(Optional.of(token)))
        .isInstanceOf(QuantaException.class)
        .hasMessage(
            "The token qnt_"
                + Tokens.id(token)
                + "... was revoked at 2026-11-21T10:00:05Z: ask for a new one")
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.UNAUTHENTICATED);
    // Once is enough: a second revocation says so and keeps the first time.
    clock.advance(Duration.ofSeconds(5));
    TokenService.Revocation again = tokens.revoke(Tokens.id(token));
    assertThat(again.now()).isFalse();
    assertThat(again.token().revokedAt()).contains(START.plusSeconds(5));
  }

  @Test
  void aTokenIsRevokedByItsIdWithOrWithoutPrefixOrByItself() {
    String byId = tokens.create(ALICE, "", Optional.empty()).token();
    String byPrefixedId = tokens.create(ALICE, "", Optional.empty()).token();
    String bySelf = tokens.create(ALICE, "", Optional.empty()).token();

    assertThat(tokens.revoke(Tokens.id(byId)).now()).isTrue();
    assertThat(tokens.revoke("qnt_" + Tokens.id(byPrefixedId)).now()).isTrue();
    assertThat(tokens.revoke(" " + bySelf + " ").now()).isTrue();
    assertThat(tokens.list()).allSatisfy(record -> assertThat(record.revoked()).isTrue());
  }

  @Test
  void revokingAnUnknownIdSaysHowToFindThem() {
    assertThatThrownBy(() -> tokens.revoke("nope1234"))
        .isInstanceOf(QuantaException.class)
        .hasMessage("No token has the id 'nope1234'; `quanta token list` shows them")
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void anExpiredTokenIsRefusedFromItsExpiry() {
    Instant expiry = START.plus(Duration.ofHours(1));
    String token = tokens.create(ALICE, "", Optional.of(expiry)).token();
    clock.advance(Duration.ofMinutes(59));
    assertThat(authenticator.authenticate(Optional.of(token)).user()).isEqualTo("alice");

    clock.advance(Duration.ofMinutes(1));

    assertThatThrownBy(() -> authenticator.authenticate(Optional.of(token)))
        .isInstanceOf(QuantaException.class)
        .hasMessage(
            "The token qnt_"
                + Tokens.id(token)
                + "... expired at 2026-11-21T11:00:00Z: ask for a new one");
    assertThat(tokens.list().get(0).expiredAt(clock.instant())).isTrue();
  }

  @Test
  void aTokenNeedsANamedUserAndAFutureExpiry() {
    assertThatThrownBy(() -> tokens.create(Principal.ANONYMOUS, "", Optional.empty()))
        .isInstanceOf(QuantaException.class)
        .hasMessage("A token stands for a named user, not anonymous");
    assertThatThrownBy(() -> tokens.create(ALICE, "", Optional.of(START)))
        .isInstanceOf(QuantaException.class)
        .hasMessage(
            "The expiry 2026-11-21T10:00:00Z is not in the future (now: 2026-11-21T10:00:00Z)")
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(tokens.list()).isEmpty();
  }

  @Test
  void tokensSurviveReopeningTheRegistry() {
    String token = tokens.create(ALICE, "kept", Optional.empty()).token();
    registry.close();

    registry = Registry.open(dataDir);
    Authenticator reopened =
        new Authenticator(registry.tokens(), AuthSettings.DEFAULTS, name -> null, clock);

    assertThat(reopened.authenticate(Optional.of(token))).isEqualTo(ALICE);
  }

  @Test
  void aDuplicateIdIsAConflict() {
    TokenRecord record = tokens.create(ALICE, "", Optional.empty()).record();
    assertThatThrownBy(() -> registry.tokens().insert(Tokens.generate().hash(), record))
        .isInstanceOf(QuantaException.class)
        .extracting(e -> ((QuantaException) e).code())
        .isEqualTo(ErrorCode.CONFLICT);
  }

  /** The bytes of every file under the folder, as text. */
  private static String allFiles(Path folder) throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    return text.toString();
  }
}
