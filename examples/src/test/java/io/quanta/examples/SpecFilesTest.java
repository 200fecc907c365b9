package io.quanta.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.spec.Column;
import io.quanta.spec.ColumnLink;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecFilesTest {
  /** The specs users read, relative to the module (Surefire runs in the module's folder). */
  static final Path SPEC_FOLDER = Path.of("podcasts");

  @TempDir Path temp;

  @Test
  void everySpecParsesWithoutErrorsOrWarnings() throws IOException {
    SpecParser parser = SpecParser.create();
    SoftAssertions softly = new SoftAssertions();
    for (Path file : specFiles()) {
      SpecParser.Result result = parser.parse(file);
      softly.assertThat(result.errors()).as("errors in %s", file).isEmpty();
      softly.assertThat(result.warnings()).as("warnings in %s", file).isEmpty();
      softly.assertThat(result.spec()).as("spec of %s", file).isPresent();
    }
    softly.assertAll();
  }

  @Test
  void theFileNamesAreTheProductNamesAndTheListOfTheGenerator() throws IOException {
    List<String> names = new ArrayList<>();
    for (Path file : specFiles()) {
      names.add(file.getFileName().toString());
      ProductSpec spec = SpecParser.create().parse(file).orThrow();
      assertThat(file.getFileName()).hasToString(spec.metadata().name().name() + ".yaml");
    }
    assertThat(PodcastMesh.specFileNames()).isSorted().containsExactlyElementsOf(names);
  }

  @Test
  void everyProductOutputAndColumnIsDocumented() throws IOException {
    SoftAssertions softly = new SoftAssertions();
    for (ProductSpec spec : ExampleSpecs.parse(SPEC_FOLDER)) {
      softly.assertThat(spec.metadata().owner()).as("owner of %s", spec.id()).contains("@");
      softly.assertThat(spec.metadata().description()).as("%s", spec.id()).hasSizeGreaterThan(20);
      softly.assertThat(spec.metadata().kind()).as("kind of %s", spec.id()).isPresent();
      for (Output output : spec.outputs()) {
        softly.assertThat(output.description()).as("%s/%s", spec.id(), output.name()).isNotBlank();
        softly.assertThat(output.eventTime()).as("%s/%s", spec.id(), output.name()).isPresent();
        for (Column column : output.schema()) {
          softly
              .assertThat(column.description())
              .as("description of %s/%s.%s", spec.id(), output.name(), column.name())
              .isNotBlank();
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void inputsAndLinksNameExistingPortsAndColumns() throws IOException {
    List<ProductSpec> specs = ExampleSpecs.parse(SPEC_FOLDER);
    Map<PortId, Output> ports = new HashMap<>();
    for (ProductSpec spec : specs) {
      spec.outputs().forEach(output -> ports.put(spec.id().port(output.name()), output));
    }
    SoftAssertions softly = new SoftAssertions();
    for (ProductSpec spec : specs) {
      for (ProductInput input : spec.productInputs()) {
        softly
            .assertThat(ports)
            .as("input %s of %s", input.name(), spec.id())
            .containsKey(input.port());
      }
      for (Output output : spec.outputs()) {
        for (Column column : output.schema()) {
          if (column.links().isEmpty()) {
            continue;
          }
          ColumnLink link = column.links().get();
          Output linked = ports.get(link.port());
          softly.assertThat(linked).as("port of link %s", link).isNotNull();
          if (linked != null) {
            softly
                .assertThat(linked.column(link.column()))
                .as("column of link %s", link)
                .isPresent();
          }
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void theWholeMeshValidatesOnTheRealPlatform(@org.junit.jupiter.api.io.TempDir Path dataDir)
      throws IOException {
    try (io.quanta.platform.Mesh mesh = io.quanta.platform.Mesh.open(dataDir)) {
      var validation = mesh.lifecycle().validateFiles(ExampleSpecs.files(SPEC_FOLDER));
      assertThat(validation.errors()).isEmpty();
      assertThat(validation.warnings()).isEmpty();
      assertThat(validation.specs()).hasSize(8);
    }
  }

  @Test
  void theDesignsPortsKeepTheirNamesKeysAndVersions() throws IOException {
    Map<String, ProductSpec> byName = new HashMap<>();
    for (ProductSpec spec : ExampleSpecs.parse(SPEC_FOLDER)) {
      byName.put(spec.metadata().name().toString(), spec);
    }
    assertThat(byName.get("users/user-profiles").metadata().version().major()).isEqualTo(2);
    assertThat(byName.get("podcasts/listeners-demographics").metadata().version())
        .hasToString("1.2.0");
    Output demographics = byName.get("podcasts/listeners-demographics").outputs().get(0);
    assertThat(demographics.key()).containsExactly("podcast_id", "age_band", "country", "day");
    assertThat(demographics.schema())
        .extracting(Column::name)
        .containsExactly("podcast_id", "age_band", "country", "day", "listens");
    assertThat(byName.get("podcasts/play-events").output("events").orElseThrow().isEventLog())
        .isTrue();
    assertThat(
            byName.get("users/user-profiles").output("profile-updates").orElseThrow().isEventLog())
        .isTrue();
    assertThat(byName.get("podcasts/top-podcasts-daily").output("ranking").orElseThrow().key())
        .containsExactly("day", "rank");
  }

  @Test
  void copySpecsWritesTheSpecFilesAsTheyAre() throws IOException {
    List<Path> copied = PodcastMesh.copySpecs(temp.resolve("specs"));

    assertThat(copied).isSorted().hasSize(PodcastMesh.specFileNames().size());
    for (Path file : copied) {
      assertThat(file).hasSameTextualContentAs(SPEC_FOLDER.resolve(file.getFileName()));
    }
  }

  private static List<Path> specFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(SPEC_FOLDER, "*.yaml")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    assertThat(files).isNotEmpty();
    return files;
  }
}
