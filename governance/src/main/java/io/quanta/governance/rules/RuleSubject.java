package io.quanta.governance.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a deploy-time rule is checked for (its {@code for:}): once per product, per output port, per
 * column of an output port, or per {@code links} target of a column. Each subject sees the
 * variables of the subjects above it: a column rule sees {@code product}, {@code output} and {@code
 * column}.
 */
public enum RuleSubject {
  PRODUCT("product"),
  OUTPUT("output"),
  COLUMN("column"),
  LINK("link");

  private final String specName;

  RuleSubject(String specName) {
    this.specName = specName;
  }

  /** The name governance files use in {@code for:}. */
  public String specName() {
    return specName;
  }

  public static Optional<RuleSubject> fromSpecName(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(value -> value.specName.equals(wanted)).findFirst();
  }

  /** Every subject's name, for messages. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(RuleSubject::specName).toList());
  }
}
