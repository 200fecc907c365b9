package io.quanta.spec;

import java.util.Locale;
import java.util.Optional;

/** The formats a file input can have. */
public enum FileFormat {
  CSV,
  JSON,
  PARQUET;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FileFormat fromSpecName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** The format a file name's extension says, if it says one. */
  public static Optional<FileFormat> fromExtension(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".csv.gz")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".json")
        || lower.endsWith(".jsonl")
        || lower.endsWith(".ndjson")
        || lower.endsWith(".json.gz")) {
      return Optional.of(JSON);
    }
    if (lower.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    return Optional.empty();
  }
}
