package io.quanta.spec;

import java.util.Locale;

/** A mode in which an output port serves its data. */
public enum AccessMode {
  SQL,
  FILES,
  EVENTS,
  REST;

  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccessMode fromSpecName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
