package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** quanta policy check, quanta governance apply and show, and deploys refused by governance. */
class GovernanceCliTest {
  @TempDir Path temp;
  private Path files;
  private Path dataDir;

  /** What a command printed and returned. */
  record Result(int exit, String out, String err) {}

  @BeforeEach
  void copyFiles() throws IOException, URISyntaxException {
    Path source = Path.of(getClass().getClassLoader().getResource("governance").toURI());
    files = temp.resolve("governance");
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = files.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    dataDir = temp.resolve("quanta");
  }

  @Test
  void policyCheckPrintsNothingButItsSummaryForASpecThatMeetsEveryRule() {
    Result result = quanta("policy", "check", spec("registrations"));

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines())
        .containsExactly(
            "1 spec checked against governance version 0 (the shipped default): 0 errors, 0"
                + " warnings");
  }

  @Test
  void policyCheckPassesWithOnlyWarnings() {
    Result result = quanta("policy", "check", spec("no-event-time"));

    assertThat(result.exit()).isZero();
    assertThat(result.out().lines())
        .containsExactly(
            spec("no-event-time")
                + ":13:5: warn [output-event-time] Every output port declares its eventTime, the"
                + " date or timestamp column saying when each fact happened, so that consumers can"
                + " read it by event time. (port 'users')");
    assertThat(result.err()).contains(": 0 errors, 1 warning");
  }

  @Test
  void policyCheckFailsOnAnErrorRuleAndNeverDeploys() {
    Result result =
        quanta("policy", "check", spec("unregistered-identifier"), spec("no-event-time"));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out().lines())
        .containsExactly(
            spec("unregistered-identifier")
                + ":20:49: error [identifiers-registered] A column's semantic is a global"
                + " identifier type registered in the mesh's governance (identifiers); register it"
                + " with quanta governance apply, or use a registered one. (column 'user_id' of"
                + " port 'users')",
            spec("no-event-time")
                + ":13:5: warn [output-event-time] Every output port declares its eventTime, the"
                + " date or timestamp column saying when each fact happened, so that consumers can"
                + " read it by event time. (port 'users')");
    assertThat(result.err().lines())
        .containsExactly(
            "error: 2 specs checked against governance version 0 (the shipped default): 1 error,"
                + " 1 warning; deploy would refuse them");
    assertThat(quanta("products").out()).doesNotContain("users/");
  }

  @Test
  void deployRefusesABrokenRuleWithItsIdAndPrintsWarnings() {
    Result refused = quanta("deploy", spec("unregistered-identifier"));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err().lines())
        .containsExactly(
            spec("unregistered-identifier")
                + ":20:49: outputs[0].schema[0].semantic: identifiers-registered: A column's"
                + " semantic is a global identifier type registered in the mesh's governance"
                + " (identifiers); register it with quanta governance apply, or use a registered"
                + " one. (column 'user_id' of port 'users')",
            "error: Refused by governance: 1 rule broken in " + spec("unregistered-identifier"));

    Result warned = quanta("deploy", spec("no-event-time"));
    assertThat(warned.exit()).isZero();
    assertThat(warned.err()).startsWith("warning: " + spec("no-event-time") + ":13:5:");
    assertThat(warned.out()).startsWith("created   users/no-event-time:1  1.0.0");
  }

  @Test
  void appliesAFolderAsANewVersionAndShowsIt() {
    Result broken = quanta("governance", "apply", files.resolve("broken").toString());
    Path rules = files.resolve("broken/rules.yaml");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err().lines().findFirst().orElseThrow())
        .startsWith(rules + ":6:12: rules[0].check: invalid CEL: ");
    assertThat(broken.err().lines())
        .contains(
            rules + ":8:5: rules[1]: a rule needs a 'severity': error (refuses the deploy) or warn",
            "error: 2 problems in " + rules + "; nothing was applied");

    Result applied = quanta("governance", "apply", files.resolve("folder").toString());
    assertThat(applied.exit()).isZero();
    assertThat(applied.out())
        .isEqualTo(
            "applied governance version 1: 1 file, 1 rule, 2 identifier types, 1 global"
                + " policy\n");
    assertThat(quanta("governance", "apply", files.resolve("folder").toString()).out())
        .isEqualTo("unchanged: governance version 1 already has these files\n");
    assertThat(quanta("policy", "check", spec("unregistered-identifier")).exit())
        .as("version 1 registers customer-id")
        .isZero();

    Result shown = quanta("governance", "show");
    assertThat(shown.out().lines().toList())
        .contains(
            "files: mesh.yaml",
            "identifier types (2)",
            "  customer-id  A customer of the shop.",
            "rules (1)",
            "  identifiers-registered  error, for each column  (mesh.yaml:8)",
            "    check:   column.semantic == null || column.semantic in mesh.identifiers",
            "global policies (1)",
            "  mask  global:pii-hashed  hash  match: column.classification == 'pii'  unless:"
                + " 'pii-reader' in principal.roles");
    assertThat(shown.out().lines().findFirst().orElseThrow())
        .endsWith(" by " + System.getProperty("user.name") + " (current)");

    Result shipped = quanta("governance", "show", "--version", "0");
    assertThat(shipped.out())
        .startsWith("governance version 0 (the shipped default)\nfiles: default-governance.yaml")
        .contains("rules (6)");
    assertThat(quanta("governance", "show", "--files").out())
        .startsWith("# mesh.yaml\napiVersion: quanta/v1\n");
    assertThat(quanta("governance", "show", "--version", "5").err())
        .isEqualTo("error: No governance version 5; versions are 0 (the shipped default) to 1\n");
  }

  private Result quanta(String... args) {
    List<String> arguments = new ArrayList<>();
    arguments.add("--data-dir");
    arguments.add(dataDir.toString());
    arguments.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = QuantaCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exit = commandLine.execute(arguments.toArray(String[]::new));
    return new Result(exit, out.toString(), err.toString());
  }

  private String spec(String name) {
    return files.resolve("specs/" + name + ".yaml").toString();
  }
}
