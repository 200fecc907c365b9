package io.quanta.governance.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What breaking a deploy-time rule does to a deploy. */
public enum RuleSeverity {
  /** The deploy is refused. */
  ERROR("error"),
  /** The deploy goes ahead; the violation is reported as a warning. */
  WARN("warn");

  private final String specName;

  RuleSeverity(String specName) {
    this.specName = specName;
  }

  /** The name governance files use: {@code error} or {@code warn}. */
  public String specName() {
    return specName;
  }

  public static Optional<RuleSeverity> fromSpecName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(value -> value.specName.equals(wanted)).findFirst();
  }
}
