package io.quanta.spec;

import java.util.Locale;

/**
 * A mode in which an output port serves its data to consumers. Products reading the port as an
 * input are not consumers in this sense: they read its table whatever its modes.
 */
public enum AccessMode {
  /** SQL: {@code quanta query}, {@code POST /api/v1/query} and the Flight SQL server (JDBC). */
  SQL,
  /** Files: {@code quanta export} and {@code GET .../files} in Parquet, CSV or JSON. */
  FILES,
  /** Events: the port's log over HTTP, {@code quanta subscribe} and its Kafka topic. */
  EVENTS,
  /** REST: paged JSON rows, {@code GET .../rows}. */
  REST;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccessMode fromSpecName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
