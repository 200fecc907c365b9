package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An output port of one major version of a product: {@code domain/name:major/port}, the form input
 * references use in specs.
 *
 * @param product the product version
 * @param port the output port's name
 */
public record PortId(ProductId product, String port) implements Comparable<PortId> {
  private static final Pattern FORMAT =
      Pattern.compile("([a-z][a-z0-9-]*)/([a-z][a-z0-9-]*):([0-9]+)/([a-z][a-z0-9-]*)");

  public PortId {
    requireNonNull(product, "product is null");
    Names.requireResource(requireNonNull(port, "port is null"), "port name");
  }

  /**
   * Parses {@code domain/name:major/port}.
   *
   * @throws QuantaException with {@code INVALID_REQUEST} if the text is not in that form
   */
  public static PortId parse(String text) {
    Matcher matcher = FORMAT.matcher(text == null ? "" : text);
    if (!matcher.matches()) {
      throw QuantaException.invalidRequest(
          "Invalid port reference '" + text + "': expected domain/name:major/port");
    }
    return ProductId.of(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3)))
        .port(matcher.group(4));
  }

  /** Whether the text has the form {@code domain/name:major/port}. */
  public static boolean isValid(String text) {
    return text != null && FORMAT.matcher(text).matches();
  }

  /**
   * The port's table name in SQL, pinned to its major version: {@code
   * domain.product_v<major>.port}, '-' written as '_'.
   */
  public String sqlName() {
    return Names.sql(product.domain())
        + "."
        + Names.sql(product.name())
        + "_v"
        + product.major()
        + "."
        + Names.sql(port);
  }

  @Override
  public int compareTo(PortId other) {
    int byProduct = product.compareTo(other.product);
    return byProduct != 0 ? byProduct : port.compareTo(other.port);
  }

  @Override
  public String toString() {
    return product + "/" + port;
  }
}
