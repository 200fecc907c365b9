package io.quanta.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Copies the test specs and data into a temp folder, where tests may change the data. */
public final class TestMeshes {
  private TestMeshes() {}

  public static Path copy(String resourceFolder, Path target) {
    try {
      Path source = Path.of(TestMeshes.class.getClassLoader().getResource(resourceFolder).toURI());
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.toList()) {
          Path destination = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(destination);
          } else {
            Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> specs(Path folder, String... names) {
    return Stream.of(names).map(name -> folder.resolve(name + ".yaml")).toList();
  }
}
