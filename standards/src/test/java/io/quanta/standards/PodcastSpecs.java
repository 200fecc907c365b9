package io.quanta.standards;

import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The specs the tests export: the podcast mesh's, as users read them in examples/podcasts (copied
 * by the build), and {@code roundtrip/listening-sessions.yaml}, which uses every field a spec has.
 */
final class PodcastSpecs {
  private PodcastSpecs() {}

  /** The podcast spec files, sorted by name. */
  static List<Path> files() {
    return filesIn("/podcasts");
  }

  /** The podcast specs and the one using every field. */
  static List<Path> allFiles() {
    List<Path> files = new java.util.ArrayList<>(files());
    files.addAll(filesIn("/roundtrip"));
    return files;
  }

  private static List<Path> filesIn(String resource) {
    try {
      Path folder = Path.of(PodcastSpecs.class.getResource(resource).toURI());
      try (Stream<Path> files = Files.list(folder)) {
        return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One spec, parsed. */
  static ProductSpec parse(Path file) {
    return SpecParser.create().parse(file).orThrow();
  }

  /** The spec of that file name, e.g. {@code play-events.yaml}, parsed. */
  static ProductSpec parse(String name) {
    return parse(
        allFiles().stream()
            .filter(file -> file.getFileName().toString().equals(name))
            .findFirst()
            .orElseThrow());
  }
}
