package io.quanta.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of one benchmark run.
 *
 * @param scale the plays of the generated podcast data, at least 1
 * @param repeat how many times each measurement is repeated (the report shows the median), at least
 *     1
 * @param output the Markdown file the results are appended to
 * @param keep whether to keep the temporary data folder instead of deleting it
 * @param groups the groups of measures to run, at least one
 */
public record BenchOptions(long scale, int repeat, Path output, boolean keep, Set<Group> groups) {
  /** A group of measures, selected with {@code --only}. */
  public enum Group {
    /** Materialization, the GROUP BY and one-row queries, and the lead time. */
    CORE("core"),
    /** Event latency (Kafka and HTTP) and Kafka throughput. */
    EVENTS("events"),
    /** A full scan through the Flight SQL JDBC driver. */
    FLIGHT("flight"),
    /** Exports through the files port, to Parquet and CSV. */
    FILES("files"),
    /** A masked and filtered read against the same read unmasked, and policy decisions. */
    GOVERNANCE("governance"),
    /** Runs with quality expectations and objectives against the same runs without; profiles. */
    TRUST("trust"),
    /** Search over generated products: index build and latency; discovery documents. */
    SEARCH("search");

    private final String label;

    Group(String label) {
      this.label = label;
    }

    /** The name {@code --only} takes, e.g. {@code events}. */
    public String label() {
      return label;
    }

    static Group parse(String text) {
      for (Group group : values()) {
        if (group.label.equals(text.strip().toLowerCase(Locale.ROOT))) {
          return group;
        }
      }
      throw new IllegalArgumentException(
          "--only takes groups among "
              + labels(EnumSet.allOf(Group.class))
              + ", got '"
              + text
              + "'");
    }
  }

  /** Plays generated when {@code --scale} is not given. */
  public static final long DEFAULT_SCALE = 10_000_000L;

  /** Repeats when {@code --repeat} is not given. */
  public static final int DEFAULT_REPEAT = 3;

  /** Where results go when {@code --output} is not given, relative to the repository root. */
  public static final Path DEFAULT_OUTPUT = Path.of("bench", "RESULTS.md");

  /** Checks the values. */
  public BenchOptions {
    if (scale < 1) {
      throw new IllegalArgumentException("--scale must be at least 1, got " + scale);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("--repeat must be at least 1, got " + repeat);
    }
    requireNonNull(output, "output is null");
    requireNonNull(groups, "groups is null");
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("--only needs at least one group");
    }
    groups = Set.copyOf(groups);
  }

  /** Options that run every group. */
  public BenchOptions(long scale, int repeat, Path output, boolean keep) {
    this(scale, repeat, output, keep, EnumSet.allOf(Group.class));
  }

  /** Whether the group's measures are to run. */
  public boolean runs(Group group) {
    return groups.contains(group);
  }

  /** The options when none is given. */
  public static BenchOptions defaults() {
    return new BenchOptions(DEFAULT_SCALE, DEFAULT_REPEAT, DEFAULT_OUTPUT, false);
  }

  /**
   * Parses command line arguments: {@code --scale N}, {@code --repeat R}, {@code --output FILE},
   * {@code --only GROUP,...} and {@code --keep}; {@code --name=value} works too. Numbers may group
   * digits with {@code _} or {@code ,} (e.g. {@code 10_000_000}).
   *
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static BenchOptions parse(String... args) {
    long scale = DEFAULT_SCALE;
    int repeat = DEFAULT_REPEAT;
    Path output = DEFAULT_OUTPUT;
    boolean keep = false;
    Set<Group> groups = EnumSet.allOf(Group.class);
    for (int i = 0; i < args.length; i++) {
      String argument = args[i];
      String name = argument;
      String value = null;
      int equals = argument.indexOf('=');
      if (argument.startsWith("--") && equals > 0) {
        name = argument.substring(0, equals);
        value = argument.substring(equals + 1);
      }
      switch (name) {
        case "--keep" -> {
          if (value != null) {
            throw new IllegalArgumentException("--keep takes no value");
          }
          keep = true;
        }
        case "--scale", "--repeat", "--output", "--only" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(name + " needs a value");
            }
            value = args[++i];
          }
          if (name.equals("--scale")) {
            scale = parseNumber(name, value);
          } else if (name.equals("--repeat")) {
            long parsed = parseNumber(name, value);
            if (parsed > Integer.MAX_VALUE) {
              throw new IllegalArgumentException("--repeat is too large: " + value);
            }
            repeat = (int) parsed;
          } else if (name.equals("--only")) {
            groups = EnumSet.noneOf(Group.class);
            for (String label : value.split(",")) {
              if (!label.isBlank()) {
                groups.add(Group.parse(label));
              }
            }
            if (groups.isEmpty()) {
              throw new IllegalArgumentException("--only needs at least one group");
            }
          } else {
            if (value.isBlank()) {
              throw new IllegalArgumentException("--output needs a file name");
            }
            output = Path.of(value);
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown argument '"
                    + argument
                    + "'; the options are --scale, --repeat, --output, --only"
                    + " and --keep");
      }
    }
    return new BenchOptions(scale, repeat, output, keep, groups);
  }

  /** The command that runs the benchmark with these options, as the report shows it. */
  public String command() {
    StringBuilder command =
        new StringBuilder("./bench/run --scale " + scale + " --repeat " + repeat);
    if (!output.equals(DEFAULT_OUTPUT)) {
      command.append(" --output ").append(output);
    }
    if (!groups.equals(EnumSet.allOf(Group.class))) {
      command.append(" --only ").append(labels(groups));
    }
    if (keep) {
      command.append(" --keep");
    }
    return command.toString();
  }

  /** What {@code --help} prints. */
  public static String usage() {
    return String.join(
        System.lineSeparator(),
        "Usage: bench/run [--scale N] [--repeat R] [--only GROUPS] [--output FILE] [--keep]",
        "",
        "Measures Quanta against raw baselines (DuckDB alone, a plain Kafka producer and",
        "consumer) on this machine in one process, prints a table and appends it to the results",
        "file.",
        "",
        "  --scale N      plays of the generated podcast data (default 10,000,000); the Flight",
        "                 SQL scan and the exports read all of them, the events throughput",
        "                 measure publishes a tenth as many events",
        "  --repeat R     repeats of each measurement; the median is reported (default 3)",
        "  --only GROUPS  run only these groups of measures, comma-separated (default all):",
        "                   core    materialization, GROUP BY and one-row queries, lead time",
        "                   events  event latency over Kafka and HTTP, Kafka throughput",
        "                   flight  a full scan of play-events through the Flight SQL JDBC driver",
        "                   files   exports of play-events to Parquet and CSV",
        "                   governance  a masked and filtered aggregate over play-events,",
        "                           against the same unmasked; policy decisions per second",
        "                   trust   a run of the plays with quality expectations and objectives",
        "                           against the same run without them; the cost of the profile",
        "                           every run computes, and of each check alone",
        "                   search  search over 10,000 generated products (scale / 100 below",
        "                           1,000,000): index build, rebuild, update, latency; discovery",
        "                           document latency on the podcast mesh",
        "  --output FILE  Markdown file the results are appended to (default bench/RESULTS.md,",
        "                 relative paths are relative to the repository root)",
        "  --keep         keep the temporary data folder and print where it is",
        "  --help         print this help");
  }

  /** The groups' labels in the report's order, e.g. {@code events,flight}. */
  static String labels(Set<Group> groups) {
    List<Group> sorted = new ArrayList<>(groups);
    sorted.sort(null);
    return sorted.stream().map(Group::label).collect(Collectors.joining(","));
  }

  private static long parseNumber(String name, String text) {
    String digits = text.replace("_", "").replace(",", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a whole number, got '" + text + "'");
    }
  }
}
