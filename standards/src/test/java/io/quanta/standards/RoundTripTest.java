package io.quanta.standards;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.spec.FileInput;
import io.quanta.spec.Input;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every podcast spec exported to ODPS and ODCS and imported back is the same spec: every field
 * Quanta models survives the standards.
 */
class RoundTripTest {
  @TempDir Path temp;

  static Stream<Path> podcastSpecs() {
    return PodcastSpecs.allFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("podcastSpecs")
  void exportThenImportGivesTheSameSpec(Path file) throws IOException {
    ProductSpec original = PodcastSpecs.parse(file);
    SpecExport export = new SpecExporter().export(original, "active");
    Path documents = Files.createDirectories(temp.resolve("documents"));
    List<Path> written = new ArrayList<>();
    for (ExportedDocument document : export.documents(java.util.EnumSet.allOf(Standard.class))) {
      written.add(Files.writeString(documents.resolve(document.fileName()), document.yaml()));
    }

    SpecImport imported = SpecImporter.create().importFiles(written, temp.resolve("spec"));

    assertThat(imported.errors()).isEmpty();
    assertThat(imported.warnings()).isEmpty();
    assertThat(imported.file())
        .isEqualTo(temp.resolve("spec").resolve(original.metadata().name().name() + ".yaml"));
    assertSameSpec(imported.spec().orElseThrow(), original);
  }

  /** Compares every field a spec models; where the spec came from and file locations aside. */
  static void assertSameSpec(ProductSpec actual, ProductSpec expected) {
    SoftAssertions softly = new SoftAssertions();
    softly.assertThat(actual.metadata()).as("metadata").isEqualTo(expected.metadata());
    softly
        .assertThat(byName(actual.inputs(), RoundTripTest::comparable))
        .as("inputs")
        .isEqualTo(byName(expected.inputs(), RoundTripTest::comparable));
    softly.assertThat(actual.outputs()).as("output ports").hasSameSizeAs(expected.outputs());
    for (int i = 0; i < Math.min(actual.outputs().size(), expected.outputs().size()); i++) {
      Output got = actual.outputs().get(i);
      Output want = expected.outputs().get(i);
      String port = "outputs[" + i + "] " + want.name();
      softly.assertThat(got.name()).as(port + " name").isEqualTo(want.name());
      softly.assertThat(got.description()).as(port + " description").isEqualTo(want.description());
      softly.assertThat(got.sql()).as(port + " sql").isEqualTo(want.sql());
      softly.assertThat(got.eventTime()).as(port + " eventTime").isEqualTo(want.eventTime());
      softly.assertThat(got.key()).as(port + " key").isEqualTo(want.key());
      softly.assertThat(got.schema()).as(port + " schema").isEqualTo(want.schema());
      softly.assertThat(got.access()).as(port + " access").isEqualTo(want.access());
      softly.assertThat(got.slo()).as(port + " slo").isEqualTo(want.slo());
      // A port's own checks come before its columns' in both; in ODCS a check on one column sits
      // on that column, so the order between the two groups may change.
      softly
          .assertThat(got.quality())
          .as(port + " quality")
          .containsExactlyInAnyOrderElementsOf(want.quality());
    }
    softly.assertThat(actual.slo()).as("slo").isEqualTo(expected.slo());
    softly.assertThat(actual.schedule()).as("schedule").isEqualTo(expected.schedule());
    softly.assertThat(actual.policies()).as("policies").isEqualTo(expected.policies());
    softly.assertAll();
  }

  /** An input with the path as written, not where it resolves (the spec moved folders). */
  private static Object comparable(Input input) {
    if (input instanceof FileInput file) {
      return List.of(
          file.name(), file.file(), file.format(), file.delimiter(), file.header(), file.schema());
    }
    return input;
  }

  private static Map<String, Object> byName(List<Input> inputs, Function<Input, Object> view) {
    return inputs.stream()
        .sorted(Comparator.comparing(Input::name))
        .collect(Collectors.toMap(Input::name, view, (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
