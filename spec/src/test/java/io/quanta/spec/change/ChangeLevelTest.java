package io.quanta.spec.change;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.spec.SemVer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeLevelTest {
  @ParameterizedTest(name = "{0} -> {1} allows {2}")
  @CsvSource({
    "1.0.0, 1.0.1, PATCH",
    "1.0.0, 1.0.7, PATCH",
    "1.0.3, 1.1.0, MINOR",
    "1.4.2, 2.0.0, BREAKING",
    "1.3.0-rc.1, 1.3.0-rc.2, MINOR",
    "1.3.0-rc.2, 1.3.0, MINOR",
    "1.2.0, 1.2.0, NONE",
    "1.2.0, 1.1.9, NONE",
    "1.3.0, 1.3.0-rc.1, NONE"
  })
  void aVersionBumpAllowsChangesUpToItsLevel(String deployed, String proposed, ChangeLevel level) {
    assertThat(ChangeLevel.allowedBy(SemVer.parse(deployed), SemVer.parse(proposed)))
        .isEqualTo(level);
  }
}
