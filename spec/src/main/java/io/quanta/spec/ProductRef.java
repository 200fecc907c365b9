package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user types to name a product: {@code domain/name} (the newest deployed major version) or
 * {@code domain/name:major} (that major version).
 *
 * @param product the product
 * @param major the pinned major version, or empty for the newest
 */
public record ProductRef(ProductName product, OptionalInt major) {
  private static final Pattern FORMAT =
      Pattern.compile("([a-z][a-z0-9-]*)/([a-z][a-z0-9-]*)(?::([0-9]+))?");

  public ProductRef {
    requireNonNull(product, "product is null");
    requireNonNull(major, "major is null");
  }

  /**
   * Parses {@code domain/name} or {@code domain/name:major}.
   *
   * @throws QuantaException with {@code INVALID_REQUEST} if the text is not in either form
   */
  public static ProductRef parse(String text) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text.trim());
    if (!matcher.matches()) {
      throw QuantaException.invalidRequest(
          "Invalid product '" + text + "': expected domain/name or domain/name:major");
    }
    ProductName name = new ProductName(matcher.group(1), matcher.group(2));
    return matcher.group(3) == null
        ? new ProductRef(name, OptionalInt.empty())
        : new ProductRef(name, OptionalInt.of(Integer.parseInt(matcher.group(3))));
  }

  @Override
  public String toString() {
    return major.isPresent() ? product + ":" + major.getAsInt() : product.toString();
  }
}
