package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A spec exported to the standards: the product's ODPS document and one ODCS contract per output
 * port, in the spec's order.
 *
 * @param product the ODPS document
 * @param contracts the ODCS contracts
 * @param warnings what the export left out, each with where it is in the spec
 */
public record SpecExport(
    ExportedDocument product, List<ExportedDocument> contracts, List<Problem> warnings) {
  public SpecExport {
    requireNonNull(product, "product is null");
    contracts = List.copyOf(contracts);
    warnings = List.copyOf(warnings);
  }

  /** The documents of the standards asked for: the product's first, then the contracts. */
  public List<ExportedDocument> documents(Set<Standard> standards) {
    List<ExportedDocument> documents = new ArrayList<>();
    if (standards.contains(Standard.ODPS)) {
      documents.add(product);
    }
    if (standards.contains(Standard.ODCS)) {
      documents.addAll(contracts);
    }
    return documents;
  }
}
