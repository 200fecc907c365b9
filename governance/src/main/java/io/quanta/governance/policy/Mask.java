package io.quanta.governance.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A mask: a method and its parameters.
 *
 * @param method how the value is masked
 * @param length for {@code truncate}: the characters kept
 * @param to for {@code generalize} of a date or timestamp: {@code hour}, {@code day}, {@code month}
 *     or {@code year}
 * @param step for {@code generalize} of a number: values are rounded down to a multiple of it
 */
public record Mask(MaskMethod method, OptionalInt length, Optional<String> to, OptionalLong step) {
  public Mask {
    requireNonNull(method, "method is null");
    requireNonNull(length, "length is null");
    requireNonNull(to, "to is null");
    requireNonNull(step, "step is null");
  }

  public static Mask of(MaskMethod method) {
    return new Mask(method, OptionalInt.empty(), Optional.empty(), OptionalLong.empty());
  }

  /** The mask as a spec would write it, e.g. {@code generalize to month}. */
  public String describe() {
    StringBuilder text = new StringBuilder(method.specName());
    length.ifPresent(n -> text.append(" to ").append(n).append(" characters"));
    to.ifPresent(unit -> text.append(" to ").append(unit));
    step.ifPresent(n -> text.append(" to multiples of ").append(n));
    return text.toString();
  }
}
