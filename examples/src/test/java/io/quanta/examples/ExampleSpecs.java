package io.quanta.examples;

import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The spec files of a folder, parsed, in file name order. */
final class ExampleSpecs {
  private ExampleSpecs() {}

  static List<Path> files(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.yaml")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }

  static List<ProductSpec> parse(Path folder) throws IOException {
    SpecParser parser = SpecParser.create();
    List<ProductSpec> specs = new ArrayList<>();
    for (Path file : files(folder)) {
      specs.add(parser.parse(file).orThrow());
    }
    return specs;
  }
}
