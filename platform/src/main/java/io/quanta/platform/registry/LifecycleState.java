package io.quanta.platform.registry;

import io.quanta.error.QuantaException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Where a product version is in its lifecycle, as {@code product_versions.state} says. */
public enum LifecycleState {
  /** Serving, running and open to new consumers. */
  ACTIVE,
  /** Still serving and running, with a sunset after which it may be retired. */
  DEPRECATED,
  /** No longer serving or running; the registry keeps its history. */
  RETIRED;

  /** The registry's and the API's spelling: {@code active}, {@code deprecated}, {@code retired}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The state a registry text names.
   *
   * @throws IllegalArgumentException for any other text
   */
  public static LifecycleState parse(String text) {
    for (LifecycleState state : values()) {
      if (state.text().equals(text)) {
        return state;
      }
    }
    throw new IllegalArgumentException("Unknown lifecycle state: " + text);
  }

  /**
   * The states a user's filter names: {@code active} and {@code deprecated} when it is null or
   * blank (what the mesh serves), a comma-separated list of states, or {@code all}.
   *
   * @param option the option or parameter's name, for the message
   * @throws QuantaException {@code INVALID_REQUEST} for any other text
   */
  public static Set<LifecycleState> filter(String option, String text) {
    if (text == null || text.isBlank()) {
      return EnumSet.of(ACTIVE, DEPRECATED);
    }
    if (text.strip().equals("all")) {
      return EnumSet.allOf(LifecycleState.class);
    }
    Set<LifecycleState> states = EnumSet.noneOf(LifecycleState.class);
    for (String name : text.split(",")) {
      try {
        states.add(parse(name.strip()));
      } catch (IllegalArgumentException e) {
        throw QuantaException.invalidRequest(
            option
                + " must be active, deprecated, retired or all (comma-separated), got '"
                + name.strip()
                + "'");
      }
    }
    return states;
  }
}
