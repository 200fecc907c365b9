package io.quanta.platform.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The example podcast mesh of examples/podcasts (its eight specs and committed sample data), copied
 * where a test may edit it. Tests run in the module's folder.
 */
final class GraphExampleMesh {
  private static final Path SOURCE = Path.of("..", "examples", "podcasts");

  private GraphExampleMesh() {}

  /** Copies the specs and data into the folder; returns the spec files, by name. */
  static List<Path> copy(Path target) {
    try (Stream<Path> files = Files.walk(SOURCE)) {
      for (Path file : files.toList()) {
        Path destination = target.resolve(SOURCE.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(file, destination);
        }
      }
      try (Stream<Path> specs = Files.list(target)) {
        return specs.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces text in a spec file, as its owner would edit it; the text must be there once. */
  static void edit(Path spec, String from, String to) {
    try {
      String text = Files.readString(spec);
      if (text.indexOf(from) < 0 || text.indexOf(from) != text.lastIndexOf(from)) {
        throw new IllegalArgumentException("'" + from + "' is not in " + spec + " exactly once");
      }
      Files.writeString(spec, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
