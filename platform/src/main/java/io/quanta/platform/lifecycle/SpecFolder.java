package io.quanta.platform.lifecycle;

import io.quanta.error.QuantaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The spec files of a folder, the unit {@code quanta apply} deploys: every {@code *.yaml} and
 * {@code *.yml} file in it and its subfolders (hidden ones, such as {@code .git}, excepted), in the
 * order of their paths. The lifecycle orders them upstream first when it plans them.
 */
public final class SpecFolder {
  private SpecFolder() {}

  /**
   * The spec files under the folder, sorted by path.
   *
   * @throws QuantaException with {@code INVALID_REQUEST} if the folder does not exist or holds no
   *     spec file
   */
  public static List<Path> files(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw QuantaException.invalidRequest("Not a folder: " + folder);
    }
    Path root = folder.toAbsolutePath().normalize();
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> files =
          paths
              .filter(Files::isRegularFile)
              .filter(path -> !hidden(root.relativize(path)))
              .filter(SpecFolder::isYaml)
              .sorted()
              .toList();
      if (files.isEmpty()) {
        throw QuantaException.invalidRequest(
            "No spec file (*.yaml, *.yml) in " + folder + " or its subfolders");
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the spec files of " + folder, e);
    }
  }

  private static boolean isYaml(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
