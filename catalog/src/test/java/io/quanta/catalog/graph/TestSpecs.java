package io.quanta.catalog.graph;

import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Spec files the graph tests read: the example podcast mesh, and the test resources. */
final class TestSpecs {
  private static final SpecParser PARSER = SpecParser.create();

  /** The folder of the example mesh; tests run in the module's folder. */
  static final Path PODCASTS = Path.of("..", "examples", "podcasts");

  private TestSpecs() {}

  /** The eight products of the example podcast mesh, as examples/podcasts has them. */
  static List<ProductSpec> podcasts() {
    return folder(PODCASTS);
  }

  /** Every spec of a folder under src/test/resources/graph. */
  static List<ProductSpec> resources(String folder) {
    try {
      return folder(Path.of(TestSpecs.class.getResource("/graph/" + folder).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Some specs of a folder under src/test/resources/graph, by file name without .yaml. */
  static List<ProductSpec> resources(String folder, String... names) {
    List<ProductSpec> specs = new ArrayList<>();
    for (String name : names) {
      try {
        Path file =
            Path.of(TestSpecs.class.getResource("/graph/" + folder + "/" + name + ".yaml").toURI());
        specs.add(PARSER.parse(file).orThrow());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return specs;
  }

  private static List<ProductSpec> folder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".yaml"))
          .sorted()
          .map(file -> PARSER.parse(file).orThrow())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
