package io.quanta.standards;

import java.util.Locale;
import java.util.Optional;

/** The Bitol standards a spec is exported to and imported from. */
public enum Standard {
  /** Open Data Product Standard: one document per product, its ports pointing at contracts. */
  ODPS("v1.0.0", "DataProduct"),
  /** Open Data Contract Standard: one data contract per output port. */
  ODCS("v3.1.0", "DataContract");

  private final String apiVersion;
  private final String kind;

  Standard(String apiVersion, String kind) {
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** The version of the standard exports are written in ({@code apiVersion}). */
  public String apiVersion() {
    return apiVersion;
  }

  /** The {@code kind} of the standard's documents. */
  public String kind() {
    return kind;
  }

  /** The name users type: {@code odps} or {@code odcs}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The standard a user's name means, if it means one. */
  public static Optional<Standard> fromSpecName(String name) {
    for (Standard standard : values()) {
      if (standard.specName().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return Optional.of(standard);
      }
    }
    return Optional.empty();
  }
}
