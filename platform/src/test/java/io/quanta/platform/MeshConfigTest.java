package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.identity.JwtSettings;
import io.quanta.platform.auth.AuthSettings;
import io.quanta.platform.lifecycle.LifecycleSettings;
import io.quanta.platform.lineage.OpenLineageSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh's quanta.yaml, its auth section above all. */
class MeshConfigTest {
  @TempDir Path dataDir;

  private MeshConfig load(String yaml) throws IOException {
    Files.writeString(dataDir.resolve(MeshConfig.FILE), yaml);
    return MeshConfig.load(dataDir);
  }

  /** The problems of a config that does not load, as the CLI prints them. */
  private List<String> problems(String yaml) throws IOException {
    Files.writeString(dataDir.resolve(MeshConfig.FILE), yaml);
    try {
      MeshConfig.load(dataDir);
    } catch (QuantaException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
      assertThat(e.getMessage())
          .startsWith(
              e.problems().size()
                  + (e.problems().size() == 1 ? " problem" : " problems")
                  + " in the mesh config "
                  + dataDir.resolve(MeshConfig.FILE));
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("the config loaded");
  }

  private String file() {
    return dataDir.resolve(MeshConfig.FILE).toString();
  }

  @Test
  void withoutAFileOrWithAnEmptyOneEveryRequestNeedsAToken() throws IOException {
    assertThat(MeshConfig.load(dataDir)).isEqualTo(MeshConfig.DEFAULTS);
    assertThat(MeshConfig.DEFAULTS.auth()).isEqualTo(AuthSettings.DEFAULTS);
    assertThat(AuthSettings.DEFAULTS.anonymous()).isFalse();
    assertThat(AuthSettings.DEFAULTS.jwt()).isEmpty();
    assertThat(load("")).isEqualTo(MeshConfig.DEFAULTS);
    assertThat(load("# nothing set yet\n")).isEqualTo(MeshConfig.DEFAULTS);
  }

  @Test
  void anonymousReadsAreOptIn() throws IOException {
    assertThat(load("auth: {anonymous: true}\n").auth())
        .isEqualTo(new AuthSettings(true, Optional.empty()));
    assertThat(load("auth:\n  anonymous: false\n").auth()).isEqualTo(AuthSettings.DEFAULTS);
  }

  @Test
  void theJwtSectionNamesTheIdentityProvider() throws IOException {
    Files.writeString(dataDir.resolve("jwks.json"), "{\"keys\": []}");
    MeshConfig config =
        load(
            """
            http: {port: 9000}
            auth:
              anonymous: false
              jwt:
                issuer: https://idp.example.com
                audience: quanta
                hs256-secret-env: QUANTA_JWT_SECRET
                jwks-file: jwks.json
                claims:
                  user: preferred_username
                  groups: grp
                  roles: realm_roles
                  attributes: [country, department]
            """);

    assertThat(config.httpPort()).isEqualTo(9000);
    assertThat(config.auth().anonymous()).isFalse();
    assertThat(config.auth().jwt())
        .contains(
            new JwtSettings(
                Optional.of("https://idp.example.com"),
                Optional.of("quanta"),
                Optional.of("QUANTA_JWT_SECRET"),
                Optional.of(dataDir.resolve("jwks.json")),
                new JwtSettings.ClaimNames(
                    "preferred_username", "grp", "realm_roles", List.of("country", "department"))));
  }

  @Test
  void claimsDefaultToTheStandardNames() throws IOException {
    Path jwks = dataDir.resolve("keys/jwks.json");
    Files.createDirectories(jwks.getParent());
    Files.writeString(jwks, "{\"keys\": []}");

    MeshConfig config = load("auth:\n  jwt:\n    jwks-file: " + jwks + "\n");

    JwtSettings jwt = config.auth().jwt().orElseThrow();
    assertThat(jwt.jwksFile()).contains(jwks);
    assertThat(jwt.hs256SecretEnv()).isEmpty();
    assertThat(jwt.issuer()).isEmpty();
    assertThat(jwt.claims()).isEqualTo(JwtSettings.ClaimNames.DEFAULTS);
    assertThat(
            load("auth:\n  jwt:\n    jwks-file: " + jwks + "\n    claims: {attributes: country}\n")
                .auth()
                .jwt()
                .orElseThrow()
                .claims()
                .attributes())
        .containsExactly("country");
  }

  @Test
  void everyBadSettingIsReportedWithItsLineAndKey() throws IOException {
    assertThat(
            problems(
                """
                http:
                  port: 80800
                auth:
                  anonymous: yes please
                  jwt:
                    issuer: https://idp.example.com
                    jwks-file: missing.json
                    claims:
                      email: mail
                """))
        .containsExactly(
            file() + ":2:9: http.port: must be a port number between 0 and 65535, not 80800",
            file() + ":4:14: auth.anonymous: must be true or false, not \"yes please\"",
            file()
                + ":7:16: auth.jwt.jwks-file: the JWKS file "
                + dataDir.resolve("missing.json")
                + " does not exist (a relative path is relative to the data folder)",
            file()
                + ":9:7: auth.jwt.claims.email: unknown setting in 'auth.jwt.claims'; known"
                + " settings: attributes, groups, roles, user");
  }

  @Test
  void jwtsNeedAKey() throws IOException {
    assertThat(problems("auth:\n  jwt:\n    issuer: https://idp.example.com\n"))
        .containsExactly(
            file()
                + ":3:5: auth.jwt: JWTs need a key: 'hs256-secret-env' (the name of the environment"
                + " variable holding an HS256 secret) or 'jwks-file' (a JSON Web Key Set file of"
                + " RS256 public keys)");
    assertThat(problems("auth:\n  jwt:\n"))
        .hasSize(1)
        .first()
        .asString()
        .contains("JWTs need a key");
  }

  @Test
  void aSecretPastedInsteadOfItsVariableIsRefusedWithoutEchoingIt() throws IOException {
    List<String> problems =
        problems("auth:\n  jwt:\n    hs256-secret-env: \"s3cr3t value of the provider!\"\n");

    assertThat(problems)
        .containsExactly(
            file()
                + ":3:23: auth.jwt.hs256-secret-env: must be the name of the environment variable"
                + " holding the HS256 secret (like QUANTA_JWT_SECRET), never the secret itself");
    assertThat(String.join("\n", problems)).doesNotContain("s3cr3t");
  }

  @Test
  void unknownSettingsAndMisplacedValuesNameWhatIsKnown() throws IOException {
    assertThat(problems("auth: true\nhttps:\n  port: 443\n"))
        .containsExactly(
            file() + ":1:7: auth: is a section of settings (anonymous, jwt), not a value",
            file()
                + ":2:1: https: unknown setting; known settings: alerts, auth, flight, http, kafka,"
                + " lifecycle, openlineage");
    assertThat(problems("auth:\n  jwt:\n    jwks-file: [a, b]\n"))
        .contains(file() + ":3:16: auth.jwt.jwks-file: must be a text, not a list or a mapping");
    assertThat(problems("auth:\n  jwt:\n    hs256-secret-env: S\n    claims: {attributes: [1]}\n"))
        .containsExactly(
            file()
                + ":4:26: auth.jwt.claims.attributes: must be a list of claim names, like"
                + " [country, department]; not [1]");
  }

  @Test
  void openLineageIsOffByDefault() throws IOException {
    assertThat(MeshConfig.load(dataDir).openLineage()).isEqualTo(OpenLineageSettings.NONE);
    assertThat(load("http:\n  port: 8081\n").openLineage()).isEqualTo(OpenLineageSettings.NONE);
  }

  @Test
  void openLineageSendsToAFileOrAnHttpBackend() throws IOException {
    assertThat(
            load("openlineage:\n  transport: file\n  file: lineage/events.jsonl\n").openLineage())
        .isEqualTo(
            new OpenLineageSettings(
                OpenLineageSettings.Transport.FILE,
                Optional.of(Path.of("lineage/events.jsonl")),
                Optional.empty(),
                Optional.empty(),
                "quanta"));
    assertThat(
            load("""
                    openlineage:
                      transport: http
                      url: http://marquez:5000
                      api-key-env: MARQUEZ_API_KEY
                      namespace: acme
                    """)
                .openLineage())
        .isEqualTo(
            new OpenLineageSettings(
                OpenLineageSettings.Transport.HTTP,
                Optional.empty(),
                Optional.of(URI.create("http://marquez:5000")),
                Optional.of("MARQUEZ_API_KEY"),
                "acme"));
  }

  @Test
  void badOpenLineageSettingsAreReportedTogether() throws IOException {
    assertThat(
            problems(
                """
                openlineage:
                  transport: kafka
                """))
        .containsExactly(
            file() + ":2:14: openlineage.transport: must be none, file or http, not 'kafka'");
    assertThat(problems("openlineage:\n  transport: file\n"))
        .singleElement()
        .asString()
        .contains("openlineage: the file transport needs 'file'");
    List<String> problems =
        problems(
            "openlineage:\n  transport: http\n  url: ftp://x\n  api-key-env: \"sk-12345 key\"\n");
    assertThat(problems)
        .hasSize(2)
        .anySatisfy(
            problem -> assertThat(problem).contains("openlineage.url: must be the http(s) URL"))
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .contains("openlineage.api-key-env: must be the name of the environment"));
    assertThat(String.join("\n", problems)).doesNotContain("sk-12345");
  }

  @Test
  void theLifecycleSectionSetsRefusalRetentionAndWindow() throws IOException {
    assertThat(MeshConfig.DEFAULTS.lifecycle()).isEqualTo(LifecycleSettings.DEFAULTS);
    assertThat(LifecycleSettings.DEFAULTS.refuseNewConsumersOfDeprecated()).isFalse();
    assertThat(LifecycleSettings.DEFAULTS.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(
            load("""
                    lifecycle:
                      refuse-new-consumers-of-deprecated: true
                      retention: PT0S
                      consumer-window: P90D
                    """)
                .lifecycle())
        .isEqualTo(new LifecycleSettings(true, Duration.ZERO, Duration.ofDays(90)));
    assertThat(
            problems(
                """
                lifecycle:
                  refuse-new-consumers-of-deprecated: sometimes
                  retention: 30 days
                  consumer-window: PT0S
                  sunset: P1D
                """))
        .containsExactly(
            file()
                + ":2:39: lifecycle.refuse-new-consumers-of-deprecated: must be true or false,"
                + " not \"sometimes\"",
            file()
                + ":3:14: lifecycle.retention: must be an ISO-8601 duration, like P30D or PT12H,"
                + " not '30 days'",
            file()
                + ":4:20: lifecycle.consumer-window: must be a positive ISO-8601 duration, like"
                + " P30D or PT12H, not 'PT0S'",
            file()
                + ":5:3: lifecycle.sunset: unknown setting in 'lifecycle'; known settings:"
                + " consumer-window, refuse-new-consumers-of-deprecated, retention");
  }

  @Test
  void invalidYamlIsReportedWhereItIs() throws IOException {
    assertThat(problems("auth:\n  anonymous: [true\n"))
        .singleElement()
        .asString()
        .startsWith(file() + ":")
        .contains(": invalid YAML");
  }
}
