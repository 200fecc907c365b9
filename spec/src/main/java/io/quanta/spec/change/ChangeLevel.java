package io.quanta.spec.change;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.SemVer;
import java.util.Collection;
import java.util.Locale;

/**
 * How much a change to a deployed product version asks of its consumers, in semantic versioning's
 * terms (docs/lifecycle.md). Ordered from the least to the most: {@link #compareTo} says which of
 * two is more.
 */
public enum ChangeLevel {
  /** Nothing a consumer could notice changed. */
  NONE,
  /** Documentation, tags, how the data is computed (the SQL, inputs, schedule), policies. */
  PATCH,
  /** Additions and tighter promises: a consumer of the deployed version keeps working. */
  MINOR,
  /** Something a consumer may rely on is gone or different: only a new major version may do it. */
  BREAKING;

  /** The name plans show: {@code none}, {@code patch}, {@code minor} or {@code breaking}. */
  public String specName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The greater of the two. */
  public ChangeLevel max(ChangeLevel other) {
    return compareTo(requireNonNull(other, "other is null")) >= 0 ? this : other;
  }

  /** The level of a set of changes: the greatest of theirs, {@link #NONE} when there is none. */
  public static ChangeLevel of(Collection<SpecChange> changes) {
    ChangeLevel level = NONE;
    for (SpecChange change : changes) {
      level = level.max(change.level());
    }
    return level;
  }

  /**
   * The greatest change a version bump may carry: a new major any change, a new minor a minor one,
   * a new patch a patch. A version that differs from the deployed one only in its pre-release part
   * (1.3.0-rc.1 to 1.3.0-rc.2, or to 1.3.0) may carry a minor change: a pre-release is still being
   * shaped, but its major is its address. {@link #NONE} when the version does not go forward.
   */
  public static ChangeLevel allowedBy(SemVer deployed, SemVer proposed) {
    requireNonNull(deployed, "deployed is null");
    requireNonNull(proposed, "proposed is null");
    if (proposed.compareTo(deployed) <= 0) {
      return NONE;
    }
    if (proposed.major() != deployed.major()) {
      return BREAKING;
    }
    if (proposed.minor() != deployed.minor()) {
      return MINOR;
    }
    if (proposed.patch() != deployed.patch()) {
      return PATCH;
    }
    return MINOR;
  }
}
