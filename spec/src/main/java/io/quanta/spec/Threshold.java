package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An ODCS comparison ({@code mustBe}, {@code mustBeLessOrEqualTo}, {@code mustBeBetween}...) that
 * an observed number must satisfy.
 *
 * @param operator the comparison
 * @param value the bound ({@code between}: the lower one)
 * @param upper the upper bound of {@code between} and {@code notBetween}; else equal to value
 */
public record Threshold(Operator operator, double value, double upper) {
  public Threshold {
    requireNonNull(operator, "operator is null");
  }

  /** {@code mustBe: 0}: nothing may fail. */
  public static final Threshold NONE_FAIL = new Threshold(Operator.MUST_BE, 0, 0);

  /** The ODCS operators. */
  public enum Operator {
    MUST_BE("mustBe"),
    MUST_NOT_BE("mustNotBe"),
    MUST_BE_GREATER_THAN("mustBeGreaterThan"),
    MUST_BE_GREATER_OR_EQUAL_TO("mustBeGreaterOrEqualTo"),
    MUST_BE_LESS_THAN("mustBeLessThan"),
    MUST_BE_LESS_OR_EQUAL_TO("mustBeLessOrEqualTo"),
    MUST_BE_BETWEEN("mustBeBetween"),
    MUST_NOT_BE_BETWEEN("mustNotBeBetween");

    private final String specName;

    Operator(String specName) {
      this.specName = specName;
    }

    public String specName() {
      return specName;
    }

    public boolean isRange() {
      return this == MUST_BE_BETWEEN || this == MUST_NOT_BE_BETWEEN;
    }

    public static Optional<Operator> fromSpecName(String name) {
      for (Operator operator : values()) {
        if (operator.specName.equals(name)) {
          return Optional.of(operator);
        }
      }
      return Optional.empty();
    }
  }

  /** Whether the observed number satisfies the comparison. */
  public boolean test(double observed) {
    return switch (operator) {
      case MUST_BE -> observed == value;
      case MUST_NOT_BE -> observed != value;
      case MUST_BE_GREATER_THAN -> observed > value;
      case MUST_BE_GREATER_OR_EQUAL_TO -> observed >= value;
      case MUST_BE_LESS_THAN -> observed < value;
      case MUST_BE_LESS_OR_EQUAL_TO -> observed <= value;
      case MUST_BE_BETWEEN -> observed >= value && observed <= upper;
      case MUST_NOT_BE_BETWEEN -> observed < value || observed > upper;
    };
  }

  /** The comparison as written in a spec, e.g. {@code mustBeLessOrEqualTo 5}. */
  public String describe() {
    return operator.isRange()
        ? operator.specName + " [" + number(value) + ", " + number(upper) + "]"
        : operator.specName + " " + number(value);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
