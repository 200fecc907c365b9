package io.quanta.platform.registry;

import java.util.Locale;

/** Where a run is in its life. */
public enum RunState {
  RUNNING,
  SUCCEEDED,
  FAILED;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RunState of(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
