package io.quanta.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void noArgumentsGiveTheDefaults() {
    BenchOptions options = BenchOptions.parse();

    assertThat(options).isEqualTo(BenchOptions.defaults());
    assertThat(options.scale()).isEqualTo(10_000_000L);
    assertThat(options.repeat()).isEqualTo(3);
    assertThat(options.output()).isEqualTo(Path.of("bench/RESULTS.md"));
    assertThat(options.keep()).isFalse();
    assertThat(options.groups()).containsExactlyInAnyOrder(BenchOptions.Group.values());
    assertThat(options.command()).isEqualTo("./bench/run --scale 10000000 --repeat 3");
  }

  @Test
  void parsesEveryOptionInBothForms() {
    BenchOptions spaced =
        BenchOptions.parse("--scale", "1_000_000", "--repeat", "5", "--output", "x.md", "--keep");
    BenchOptions joined =
        BenchOptions.parse("--keep", "--output=x.md", "--repeat=5", "--scale=1,000,000");

    BenchOptions expected = new BenchOptions(1_000_000L, 5, Path.of("x.md"), true);
    assertThat(spaced).isEqualTo(expected);
    assertThat(joined).isEqualTo(expected);
    assertThat(spaced.command())
        .isEqualTo("./bench/run --scale 1000000 --repeat 5 --output x.md --keep");
  }

  @Test
  void onlySelectsGroupsAndTheCommandSaysWhich() {
    BenchOptions options = BenchOptions.parse("--only", "flight,events", "--scale", "1000");
    BenchOptions joined = BenchOptions.parse("--only=events,flight", "--scale=1000");

    assertThat(options.groups())
        .containsExactlyInAnyOrder(BenchOptions.Group.EVENTS, BenchOptions.Group.FLIGHT);
    assertThat(options.runs(BenchOptions.Group.CORE)).isFalse();
    assertThat(options.runs(BenchOptions.Group.FILES)).isFalse();
    assertThat(joined).isEqualTo(options);
    assertThat(options.command())
        .isEqualTo("./bench/run --scale 1000 --repeat 3 --only events,flight");
    assertThat(BenchOptions.parse("--only", "core,events,flight,files,governance,trust,search"))
        .isEqualTo(BenchOptions.defaults());
  }

  @Test
  void theUsageNamesEveryGroup() {
    String usage = BenchOptions.usage();

    for (BenchOptions.Group group : BenchOptions.Group.values()) {
      assertThat(usage).containsPattern("\\n\\s+" + group.label() + "\\s");
    }
    assertThat(usage).contains("--only GROUPS");
  }

  @Test
  void rejectsWrongArgumentsNamingThem() {
    assertThatThrownBy(() -> BenchOptions.parse("--scale"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--scale needs a value");
    assertThatThrownBy(() -> BenchOptions.parse("--scale", "ten"))
        .hasMessageContaining("--scale needs a whole number, got 'ten'");
    assertThatThrownBy(() -> BenchOptions.parse("--repeat", "0"))
        .hasMessageContaining("--repeat must be at least 1");
    assertThatThrownBy(() -> BenchOptions.parse("--fast"))
        .hasMessageContaining("unknown argument '--fast'");
    assertThatThrownBy(() -> BenchOptions.parse("--keep=yes"))
        .hasMessageContaining("--keep takes no value");
    assertThatThrownBy(() -> BenchOptions.parse("--only", "kafka"))
        .hasMessageContaining(
            "--only takes groups among core,events,flight,files,governance,trust,search, got 'kafka'");
    assertThatThrownBy(() -> BenchOptions.parse("--only", ","))
        .hasMessageContaining("--only needs at least one group");
  }
}
