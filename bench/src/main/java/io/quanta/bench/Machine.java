package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a benchmark ran on, so that results from different machines are not compared by
 * mistake.
 *
 * @param cores processors available to the JVM
 * @param maxHeapBytes the JVM's maximum heap
 * @param osName the operating system, e.g. {@code Linux}
 * @param osArch the architecture, e.g. {@code amd64}
 * @param javaVersion the Java runtime's version
 * @param cpuModel the CPU's model name, when {@code /proc/cpuinfo} tells it
 * @param memoryBytes the machine's memory, when {@code /proc/meminfo} tells it
 */
public record Machine(
    int cores,
    long maxHeapBytes,
    String osName,
    String osArch,
    String javaVersion,
    Optional<String> cpuModel,
    Optional<Long> memoryBytes) {
  private static final long GIB = 1L << 30;

  /** Checks the values. */
  public Machine {
    requireNonNull(osName, "osName is null");
    requireNonNull(osArch, "osArch is null");
    requireNonNull(javaVersion, "javaVersion is null");
    requireNonNull(cpuModel, "cpuModel is null");
    requireNonNull(memoryBytes, "memoryBytes is null");
  }

  /** The machine this JVM runs on. */
  public static Machine current() {
    Runtime runtime = Runtime.getRuntime();
    return new Machine(
        runtime.availableProcessors(),
        runtime.maxMemory(),
        System.getProperty("os.name", "unknown"),
        System.getProperty("os.arch", "unknown"),
        System.getProperty("java.runtime.version", System.getProperty("java.version", "unknown")),
        procValue(Path.of("/proc/cpuinfo"), "model name"),
        procValue(Path.of("/proc/meminfo"), "MemTotal").flatMap(Machine::kibibytes));
  }

  /**
   * One line for a heading, e.g. {@code 2 cores, AMD EPYC 7B13, 23.4 GiB RAM, Linux amd64, Java
   * 17.0.12}.
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    parts.add(cores + (cores == 1 ? " core" : " cores"));
    cpuModel.ifPresent(parts::add);
    memoryBytes.ifPresent(bytes -> parts.add(gibibytes(bytes) + " RAM"));
    parts.add(osName + " " + osArch);
    parts.add("Java " + javaVersion);
    return String.join(", ", parts);
  }

  /** Every fact, one {@code name: value} line each. */
  public List<String> facts() {
    List<String> facts = new ArrayList<>();
    facts.add("cores: " + cores);
    facts.add("CPU: " + cpuModel.orElse("unknown (no /proc/cpuinfo model name)"));
    facts.add("memory: " + memoryBytes.map(Machine::gibibytes).orElse("unknown"));
    facts.add("max heap: " + gibibytes(maxHeapBytes));
    facts.add("OS: " + osName + " " + osArch);
    facts.add("Java: " + javaVersion);
    return facts;
  }

  private static String gibibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
  }

  /** The value of the first {@code key : value} line of a /proc file, if it is readable. */
  private static Optional<String> procValue(Path file, String key) {
    if (!Files.isReadable(file)) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(file)) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
          String value = line.substring(colon + 1).strip().replaceAll("\\s+", " ");
          return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Bytes of a /proc/meminfo value such as {@code 24537620 kB}. */
  private static Optional<Long> kibibytes(String value) {
    String[] parts = value.split(" ");
    try {
      long amount = Long.parseLong(parts[0]);
      return Optional.of(
          parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? amount * 1024 : amount);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
