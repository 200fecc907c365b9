package io.quanta.standards;

import io.quanta.spec.Names;
import java.util.Locale;
import java.util.Optional;

/**
 * Names from the standards made into names a spec accepts: domains, products and ports are
 * lowercase words joined by '-', columns and inputs lowercase words joined by '_'.
 */
final class ImportNames {
  private ImportNames() {}

  /** A domain, product or port name, when the text has letters to make one of. */
  static Optional<String> resource(String text) {
    String name =
        text.trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^[^a-z]+", "")
            .replaceAll("-+$", "");
    return Names.isResource(name) ? Optional.of(name) : Optional.empty();
  }

  /** A column or input name, when the text has letters to make one of. */
  static Optional<String> identifier(String text) {
    String name =
        text.trim()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^[^a-z]+", "")
            .replaceAll("_+$", "");
    return Names.isIdentifier(name) ? Optional.of(name) : Optional.empty();
  }
}
