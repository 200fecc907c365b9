package io.quanta.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * How DuckDB sessions are sized.
 *
 * @param threads worker threads per session, at least 1
 * @param memoryLimit DuckDB memory limit per session, e.g. {@code 2GB}
 * @param tempDirectory where sessions spill to disk; also the only scratch folder they may use
 */
public record EngineSettings(int threads, String memoryLimit, Path tempDirectory) {
  public EngineSettings {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    requireNonNull(memoryLimit, "memoryLimit is null");
    tempDirectory =
        requireNonNull(tempDirectory, "tempDirectory is null").toAbsolutePath().normalize();
  }

  /**
   * All cores, 60% of the JVM-independent memory DuckDB would take by default, spilling under the
   * folder.
   */
  public static EngineSettings defaults(Path tempDirectory) {
    return new EngineSettings(Runtime.getRuntime().availableProcessors(), "4GB", tempDirectory);
  }
}
