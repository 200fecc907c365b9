package io.quanta.standards;

import io.quanta.spec.ColumnLink;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How exported documents are named and referenced. A product's ODPS document is {@code
 * domain.name.vMAJOR.odps.yaml} with id {@code domain/name:major}; the contract of each output port
 * is {@code domain.name.vMAJOR.port.odcs.yaml} with id {@code domain/name:major/port}, the address
 * inputs use. A column link is an ODCS cross-contract reference to the linked contract's file:
 * {@code podcasts.podcast-catalog.v1.podcasts.odcs.yaml#/schema/podcasts/properties/podcast_id}.
 */
final class DocumentNames {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:.*/)?([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)\\.v([0-9]+)\\.([a-z][a-z0-9-]*)"
              + "\\.odcs\\.yaml#/?schema/[A-Za-z0-9_-]+/properties/([a-z][a-z0-9_]*)");

  private DocumentNames() {}

  /** The file name of a product's ODPS document. */
  static String productFile(ProductId product) {
    return product.domain() + "." + product.name() + ".v" + product.major() + ".odps.yaml";
  }

  /** The file name of an output port's ODCS contract. */
  static String contractFile(PortId port) {
    ProductId product = port.product();
    return product.domain()
        + "."
        + product.name()
        + ".v"
        + product.major()
        + "."
        + port.port()
        + ".odcs.yaml";
  }

  /** The ODCS reference to the linked column, in the linked port's contract. */
  static String reference(ColumnLink link) {
    return contractFile(link.port())
        + "#/schema/"
        + link.port().port()
        + "/properties/"
        + link.column();
  }

  /** The column a reference written by {@link #reference} names, if it is one. */
  static Optional<ColumnLink> link(String reference) {
    Matcher matcher = REFERENCE.matcher(reference);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    PortId port =
        ProductId.of(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3)))
            .port(matcher.group(4));
    return Optional.of(new ColumnLink(port, matcher.group(5)));
  }
}
