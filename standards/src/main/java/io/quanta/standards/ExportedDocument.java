package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One exported ODPS or ODCS document.
 *
 * @param standard the standard it follows
 * @param id the document's {@code id}: {@code domain/name:major} for a product, {@code
 *     domain/name:major/port} for the contract of a port
 * @param fileName the name to save it under, which column links of other contracts refer to
 * @param document the document; a copy, not to be changed
 */
public record ExportedDocument(Standard standard, String id, String fileName, ObjectNode document) {
  public ExportedDocument {
    requireNonNull(standard, "standard is null");
    requireNonNull(id, "id is null");
    requireNonNull(fileName, "fileName is null");
    document = requireNonNull(document, "document is null").deepCopy();
  }

  /** The document as YAML, the form the standards' own examples are written in. */
  public String yaml() {
    return YamlText.write(document);
  }
}
