package io.quanta.spec;

import java.util.regex.Pattern;

/** The naming rules of the descriptor, shared by the JSON Schema, the parser and the registry. */
public final class Names {
  /** Domains, products and ports: lowercase words joined by '-'. */
  public static final Pattern RESOURCE = Pattern.compile("[a-z][a-z0-9-]*");

  /** Columns and input names, which are SQL identifiers: lowercase words joined by '_'. */
  public static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  public static final String RESOURCE_RULE =
      "lowercase letters, digits and '-', starting with a letter (e.g. listeners-demographics)";
  public static final String IDENTIFIER_RULE =
      "lowercase letters, digits and '_', starting with a letter (e.g. podcast_id)";

  private Names() {}

  public static boolean isResource(String name) {
    return name != null && RESOURCE.matcher(name).matches();
  }

  public static boolean isIdentifier(String name) {
    return name != null && IDENTIFIER.matcher(name).matches();
  }

  /** The SQL spelling of a domain, product or port name: '-' becomes '_'. */
  public static String sql(String resourceName) {
    return resourceName.replace('-', '_');
  }

  static String requireResource(String value, String what) {
    if (!isResource(value)) {
      throw new IllegalArgumentException(
          "Invalid " + what + " '" + value + "': use " + RESOURCE_RULE);
    }
    return value;
  }
}
