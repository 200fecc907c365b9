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
   * All cores, and a memory limit that lets as many sessions as cores (at least two) run at once
   * within half of the machine's memory (at least 1 GB each); sessions spill to the folder beyond
   * it.
   */
  public static EngineSettings defaults(Path tempDirectory) {
    int cores = Runtime.getRuntime().availableProcessors();
    long perSession = Math.max(1L << 30, physicalMemory() / 2 / Math.max(2, cores));
    return new EngineSettings(cores, (perSession >> 20) + "MB", tempDirectory);
  }

  private static long physicalMemory() {
    java.lang.management.OperatingSystemMXBean system =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (system instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 8L << 30;
  }
}
