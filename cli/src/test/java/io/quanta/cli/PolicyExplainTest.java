package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quanta policy explain}: what a principal may read of a port, and the rules that say so.
 */
class PolicyExplainTest {
  private static final String PORT = "users/user-profiles/profiles";

  @TempDir Path temp;
  private CliRunner cli;

  @BeforeEach
  void deploy() throws Exception {
    Path source = Path.of(getClass().getClassLoader().getResource("explain").toURI());
    Path specs = temp.resolve("specs");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = specs.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    cli = new CliRunner(temp.resolve("quanta"));
    CliRunner.Result deployed = cli.run("deploy", specs.resolve("user-profiles.yaml").toString());
    assertThat(deployed.exit()).as(deployed.err()).isZero();
  }

  @Test
  void explainsMasksFiltersAndTheRulesBehindThem() {
    String analyst = token("--user", "ana", "--group", "analysts", "--attr", "country=DE");
    String governance = token("--user", "gov", "--role", "governance");

    CliRunner.Result explained =
        cli.run("--token", governance, "policy", "explain", PORT, "--as", analyst);

    assertThat(explained.exit()).as(explained.err()).isZero();
    assertThat(explained.out())
        .contains(
            "ana (groups: analysts; roles: -; attributes: {country=DE}) reading "
                + "users/user-profiles:1/profiles")
        .contains("access: allowed")
        .containsPattern("user_id\\s+in clear")
        .containsPattern("email\\s+hash\\s+\\((global:pii-hashed|local:email-hashed)\\)")
        .contains("where country = :country  with :country = DE  (local:own-country)");

    // Governance is not filtered; a pii reader sees email in clear.
    String pii = token("--user", "pia", "--role", "pii-reader");
    assertThat(cli.run("--token", pii, "policy", "explain", PORT).out())
        .containsPattern("email\\s+in clear")
        .contains(":country = (none: no row passes)");
    assertThat(cli.run("--token", governance, "policy", "explain", PORT).out())
        .contains("every row");
  }

  @Test
  void aDeniedPrincipalIsToldWhichRuleDeniesIt() {
    String contractor = token("--user", "carl", "--group", "contractors");
    CliRunner.Result explained = cli.run("--token", contractor, "policy", "explain", PORT);
    assertThat(explained.exit()).isZero();
    assertThat(explained.out()).contains("access: DENIED").contains("local:no-contractors");
    assertThat(explained.out()).doesNotContain("columns:");

    CliRunner.Result refused =
        cli.run("--token", contractor, "query", "SELECT * FROM users.user_profiles.profiles");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("may not read").contains("no-contractors");
  }

  private String token(String... options) {
    List<String> arguments = new java.util.ArrayList<>(List.of("token", "create"));
    arguments.addAll(List.of(options));
    CliRunner.Result created = cli.run(arguments.toArray(String[]::new));
    assertThat(created.exit()).as(created.err()).isZero();
    return created.out().strip();
  }
}
