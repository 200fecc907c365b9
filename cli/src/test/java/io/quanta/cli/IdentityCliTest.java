package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.quanta.governance.identity.Tokens;
import io.quanta.platform.MeshConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** quanta token, quanta whoami, and how every read command sends its token. */
class IdentityCliTest {
  private static final String QUERY = "SELECT 42 AS answer";

  @TempDir Path temp;
  private Path dataDir;
  private CliRunner cli;

  @BeforeEach
  void newMesh() {
    dataDir = temp.resolve("quanta");
    cli = new CliRunner(dataDir);
  }

  /** Creates a token as a user would, and returns it. */
  private String create(String... options) {
    List<String> arguments = new java.util.ArrayList<>(List.of("token", "create"));
    arguments.addAll(List.of(options));
    CliRunner.Result created = cli.run(arguments.toArray(String[]::new));
    assertThat(created.exit()).as(created.err()).isZero();
    return created.out().strip();
  }

  @Test
  void tokenCreatePrintsTheTokenOnceAndWhatItStandsFor() {
    CliRunner.Result created =
        cli.run(
            "token",
            "create",
            "--user",
            "alice",
            "--group",
            "analysts",
            "--role",
            "pii-reader",
            "--attr",
            "country=DE",
            "--attr",
            "department=sales",
            "--attr",
            "department=marketing",
            "--description",
            "alice's notebook");

    assertThat(created.exit()).as(created.err()).isZero();
    // Only the token on standard output, so that $(quanta token create ...) captures it.
    assertThat(created.out().lines())
        .singleElement()
        .satisfies(line -> assertThat(Tokens.isToken(line)).isTrue());
    String token = created.out().strip();
    assertThat(created.err())
        .isEqualTo(
            "created token "
                + Tokens.id(token)
                + " for alice (groups analysts; roles pii-reader; attributes"
                + " country=DE,department=sales|marketing), never expires; it is shown only this"
                + " once\n");

    CliRunner.Result whoami = cli.run("--token", token, "whoami");
    assertThat(whoami.exit()).as(whoami.err()).isZero();
    assertThat(whoami.out().lines())
        .containsExactly(
            "user:       alice",
            "groups:     analysts",
            "roles:      pii-reader",
            "attributes: country=DE,department=sales|marketing");
  }

  @Test
  void tokenListShowsIdsAndPrincipalsButNeverTheTokens() {
    assertThat(cli.run("token", "list").err()).contains("no token yet");
    String alice = create("--user", "alice", "--group", "analysts", "--description", "notebook");
    String bob = create("--user", "bob", "--expires", "P30D");

    CliRunner.Result list = cli.run("token", "list");

    assertThat(list.exit()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("ID")
        .contains("USER", "GROUPS", "ROLES", "ATTRIBUTES", "CREATED", "EXPIRES", "REVOKED");
    assertThat(lines).hasSize(4); // header, rule, two tokens
    assertThat(lines.get(2))
        .startsWith(Tokens.id(alice))
        .contains("alice", "analysts", "never", "notebook");
    assertThat(lines.get(3)).startsWith(Tokens.id(bob)).contains("bob").doesNotContain("never");
    for (String token : List.of(alice, bob)) {
      assertThat(list.out()).doesNotContain(token.substring(Tokens.PREFIX.length()));
    }
  }

  @Test
  void aRevokedTokenFailsWithAClearMessage() {
    String token = create("--user", "alice");
    assertThat(cli.run("--token", token, "query", QUERY).exit()).isZero();

    CliRunner.Result revoked = cli.run("token", "revoke", Tokens.id(token));

    assertThat(revoked.exit()).as(revoked.err()).isZero();
    assertThat(revoked.out()).isEqualTo("revoked token " + Tokens.id(token) + " of alice\n");
    CliRunner.Result refused = cli.run("--token", token, "query", QUERY);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).isEmpty();
    assertThat(refused.err())
        .startsWith("error: The token qnt_" + Tokens.id(token) + "... was revoked at ")
        .endsWith(": ask for a new one\n");
    assertThat(cli.run("token", "list").out())
        .contains(Tokens.id(token))
        .contains("Z"); // revoked time
    assertThat(cli.run("token", "revoke", "qnt_" + Tokens.id(token)).out())
        .startsWith("token " + Tokens.id(token) + " of alice was already revoked at ");
    CliRunner.Result unknown = cli.run("token", "revoke", "nope1234");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo("error: No token has the id 'nope1234'; `quanta token list` shows them\n");
  }

  @Test
  void aReadWithoutTokenIsRefusedAndToldHowToGetOne() {
    for (String[] command : List.of(new String[] {"query", QUERY}, new String[] {"whoami"})) {
      CliRunner.Result refused = cli.run(command);
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.err())
          .isEqualTo(
              "error: This mesh needs a token: create a token with `quanta token create --user"
                  + " NAME` and send it as 'Authorization: Bearer <token>' (CLI: --token or"
                  + " $QUANTA_TOKEN; JDBC: token= in the URL)\n");
    }
    CliRunner.Result unknown = cli.run("--token", "qnt_" + "A".repeat(43), "query", QUERY);
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err())
        .startsWith("error: The token qnt_AAAAAAAA... is not known to this mesh");
  }

  @Test
  void theTokenComesFromQuantaTokenUnlessTheOptionGivesOne() {
    String alice = create("--user", "alice");
    String bob = create("--user", "bob");

    cli.environment("QUANTA_TOKEN", alice);
    assertThat(cli.run("whoami").out()).startsWith("user:       alice\n");
    CliRunner.Result query = cli.run("query", QUERY);
    assertThat(query.exit()).as(query.err()).isZero();
    assertThat(query.out()).contains("42");
    // The option wins over the variable, and works after the subcommand too.
    assertThat(cli.run("--token", bob, "whoami").out()).startsWith("user:       bob\n");
    assertThat(cli.run("whoami", "--token", bob).out()).startsWith("user:       bob\n");

    CliRunner.Result purpose = cli.run("whoami", "--purpose", "campaign-analytics");
    assertThat(purpose.out()).endsWith("purpose:    campaign-analytics\n");
  }

  @Test
  void aMeshThatAllowsAnonymousReadsNeedsNoToken() throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve(MeshConfig.FILE), "auth:\n  anonymous: true\n");

    assertThat(cli.run("whoami").out())
        .isEqualTo("anonymous (no token; this mesh allows anonymous reads)\n");
    assertThat(cli.run("query", QUERY).exit()).isZero();
    assertThat(cli.run("--token", "qnt_" + "A".repeat(43), "query", QUERY).exit()).isEqualTo(1);
  }

  @Test
  void aJwtOfTheMeshsIdentityProviderWorksAsAToken() throws Exception {
    String secret = "the identity provider's secret, 32 bytes or more";
    Files.createDirectories(dataDir);
    Files.writeString(
        dataDir.resolve(MeshConfig.FILE),
        "auth:\n  jwt:\n    hs256-secret-env: IDP_SECRET\n    claims: {groups: teams}\n");
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("erin")
                .claim("teams", List.of("finance"))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .build());
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));

    CliRunner.Result withoutSecret = cli.run("--token", jwt.serialize(), "whoami");
    assertThat(withoutSecret.exit()).isEqualTo(1);
    assertThat(withoutSecret.err()).contains("IDP_SECRET", "is not set");

    CliRunner.Result whoami =
        cli.environment("IDP_SECRET", secret).run("--token", jwt.serialize(), "whoami");
    assertThat(whoami.exit()).as(whoami.err()).isZero();
    assertThat(whoami.out()).startsWith("user:       erin\ngroups:     finance\n");
  }

  @Test
  void badTokenOptionsAreUsageErrors() {
    CliRunner.Result noUser = cli.run("token", "create");
    assertThat(noUser.exit()).isEqualTo(2);
    assertThat(noUser.err()).contains("Missing required option: '--user=USER'");

    CliRunner.Result badAttribute = cli.run("token", "create", "--user", "a", "--attr", "country");
    assertThat(badAttribute.exit()).isEqualTo(2);
    assertThat(badAttribute.err()).contains("--attr 'country' is not NAME=VALUE");

    CliRunner.Result past = cli.run("token", "create", "--user", "a", "--expires", "2020-01-01");
    assertThat(past.exit()).isEqualTo(2);
    assertThat(past.err()).contains("The expiry 2020-01-01T00:00:00Z is not in the future");

    CliRunner.Result garbage = cli.run("token", "create", "--user", "a", "--expires", "Psoon");
    assertThat(garbage.exit()).isEqualTo(2);
    assertThat(garbage.err()).contains("--expires 'Psoon' is not a duration");

    assertThat(cli.run("token", "list").err()).contains("no token yet");
  }
}
