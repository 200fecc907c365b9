package io.quanta.ports.files;

import io.quanta.error.QuantaException;
import java.util.Locale;

/** The formats the files port writes. */
public enum FileFormat {
  /** Columnar, with the port's types. */
  PARQUET("parquet", "application/vnd.apache.parquet", "(FORMAT parquet, COMPRESSION zstd)"),
  /** Comma-separated, with a header line. */
  CSV("csv", "text/csv", "(FORMAT csv, HEADER true)"),
  /** One JSON object per line. */
  JSON("jsonl", "application/x-ndjson", "(FORMAT json)");

  private final String extension;
  private final String mediaType;
  private final String copyOptions;

  FileFormat(String extension, String mediaType, String copyOptions) {
    this.extension = extension;
    this.mediaType = mediaType;
    this.copyOptions = copyOptions;
  }

  public String extension() {
    return extension;
  }

  public String mediaType() {
    return mediaType;
  }

  String copyOptions() {
    return copyOptions;
  }

  /**
   * Parses {@code parquet}, {@code csv} or {@code json}.
   *
   * @throws QuantaException with {@code INVALID_REQUEST} naming the formats
   */
  public static FileFormat parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (value) {
      case "parquet":
        return PARQUET;
      case "csv":
        return CSV;
      case "json":
      case "jsonl":
      case "ndjson":
        return JSON;
      default:
        throw QuantaException.invalidRequest(
            "Unknown file format '" + text + "': use parquet, csv or json");
    }
  }
}
