package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where a spec came from: the file name to show in messages, the folder relative file inputs
 * resolve against, and the text as written.
 *
 * @param file the file name as the user gave it
 * @param baseDir the absolute folder that relative paths in the spec resolve against
 * @param text the spec's YAML text
 */
public record SpecSource(String file, Path baseDir, String text) {
  public SpecSource {
    requireNonNull(file, "file is null");
    requireNonNull(baseDir, "baseDir is null");
    requireNonNull(text, "text is null");
    baseDir = baseDir.toAbsolutePath().normalize();
  }
}
