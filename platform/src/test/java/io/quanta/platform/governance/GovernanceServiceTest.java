package io.quanta.platform.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.rules.Rule;
import io.quanta.governance.rules.RuleSeverity;
import io.quanta.platform.registry.Registry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Governance versions in the registry, and the shipped default. */
class GovernanceServiceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path temp;
  private Registry registry;

  @BeforeEach
  void openRegistry() {
    registry = Registry.open(temp);
  }

  @AfterEach
  void closeRegistry() {
    registry.close();
  }

  @Test
  void aMeshHasTheShippedDefaultUntilAVersionIsApplied() {
    GovernanceVersion current = new GovernanceService(registry.governance(), CLOCK).current();

    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(current.number()).isZero();
    softly.assertThat(current.isShippedDefault()).isTrue();
    softly.assertThat(current.appliedBy()).isEmpty();
    softly
        .assertThat(current.governance().identifierNames())
        .containsExactly("user-id", "podcast-id", "artist-id", "iso-3166-alpha2");
    softly
        .assertThat(current.governance().rules())
        .extracting(Rule::id, Rule::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("owner-and-description", RuleSeverity.ERROR),
            org.assertj.core.groups.Tuple.tuple("pii-masked", RuleSeverity.ERROR),
            org.assertj.core.groups.Tuple.tuple("output-event-time", RuleSeverity.WARN),
            org.assertj.core.groups.Tuple.tuple("column-names-snake-case", RuleSeverity.ERROR),
            org.assertj.core.groups.Tuple.tuple("links-exist", RuleSeverity.WARN),
            org.assertj.core.groups.Tuple.tuple("identifiers-registered", RuleSeverity.ERROR));
    softly
        .assertThat(current.governance().policies().masks())
        .singleElement()
        .satisfies(mask -> assertThat(mask.qualifiedId()).isEqualTo("global:pii-hashed"));
    softly.assertAll();
  }

  @Test
  void aFolderWithOneBrokenFileIsRefusedWhole() {
    GovernanceService service = new GovernanceService(registry.governance(), CLOCK);
    Path folder = resource("broken-folder");

    assertThatThrownBy(() -> service.apply(folder, "alice"))
        .isInstanceOfSatisfying(
            QuantaException.class,
            refused -> {
              assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_GOVERNANCE);
              assertThat(refused.getMessage())
                  .startsWith("1 problem in " + folder.resolve("rules.yaml"))
                  .contains("nothing was applied");
              assertThat(refused.problems())
                  .singleElement()
                  .satisfies(
                      problem -> {
                        assertThat(problem.file())
                            .isEqualTo(folder.resolve("rules.yaml").toString());
                        assertThat(problem.line()).isEqualTo(6);
                        assertThat(problem.path()).isEqualTo("rules[0].check");
                        assertThat(problem.message()).startsWith("invalid CEL: ");
                      });
            });
    assertThat(service.current().isShippedDefault()).isTrue();
    assertThat(service.history()).isEmpty();
  }

  @Test
  void aMissingOrEmptyFolderIsRefused() throws IOException {
    GovernanceService service = new GovernanceService(registry.governance(), CLOCK);
    Path empty = Files.createDirectories(temp.resolve("empty"));

    assertThatThrownBy(() -> service.apply(temp.resolve("missing"), "alice"))
        .hasMessage("No governance folder " + temp.resolve("missing"));
    assertThatThrownBy(() -> service.apply(empty, "alice"))
        .hasMessage("The governance folder " + empty + " has no *.yaml file");
  }

  @Test
  void aVersionAppliedElsewhereIsSeenOnceTheCacheIsASecondOld() {
    AtomicLong nanos = new AtomicLong();
    GovernanceService reader = new GovernanceService(registry.governance(), CLOCK, nanos::get);
    GovernanceService writer = new GovernanceService(registry.governance(), CLOCK);
    assertThat(reader.current().number()).isZero();

    GovernanceService.Applied applied = writer.apply(resource("folder-v1"), "alice");
    assertThat(applied.version().number()).isEqualTo(1);
    assertThat(applied.version().appliedAt()).contains(CLOCK.instant());
    assertThat(applied.version().appliedBy()).contains("alice");

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(reader.current().number()).as("cached for a second").isZero();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
    assertThat(reader.current().number()).isEqualTo(1);
    assertThat(reader.identifiers()).extracting(type -> type.name()).contains("customer-id");
  }

  @Test
  void anUnknownVersionNamesTheVersionsThereAre() {
    GovernanceService service = new GovernanceService(registry.governance(), CLOCK);
    assertThatThrownBy(() -> service.version(3))
        .hasMessage(
            "No governance version 3; none was applied, the mesh has the shipped default (version"
                + " 0)");
    service.apply(resource("folder-v1"), "alice");
    assertThatThrownBy(() -> service.version(3))
        .hasMessage("No governance version 3; versions are 0 (the shipped default) to 1");
  }

  private static Path resource(String folder) {
    try {
      return Path.of(
          GovernanceServiceTest.class.getClassLoader().getResource("governance/" + folder).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
