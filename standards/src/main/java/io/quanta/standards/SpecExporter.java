package io.quanta.standards;

import static java.util.Objects.requireNonNull;

import io.quanta.error.Problem;
import io.quanta.spec.Input;
import io.quanta.spec.JdbcInput;
import io.quanta.spec.Output;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports a parsed spec as one ODPS v1.0.0 document for the product and one ODCS v3.1.0 data
 * contract per output port (docs/standards.md, ADR 0014). Everything the spec models is kept: what
 * the standards have no field for travels in {@code quanta*} custom properties, so that {@link
 * SpecImporter} reads the documents back to an equivalent spec.
 *
 * <p>Stateless and thread safe.
 */
public final class SpecExporter {
  /** The status of a spec that is not deployed. */
  public static final String DRAFT = "draft";

  /**
   * Exports a spec.
   *
   * @param spec the spec, parsed
   * @param status the documents' {@code status}: a deployed product's state (e.g. {@code active}),
   *     else {@link #DRAFT}
   */
  public SpecExport export(ProductSpec spec, String status) {
    requireNonNull(spec, "spec is null");
    requireNonNull(status, "status is null");
    ContractWriter contracts = new ContractWriter(spec, status);
    List<ExportedDocument> documents = new ArrayList<>();
    for (Output output : spec.outputs()) {
      documents.add(contracts.write(output));
    }
    return new SpecExport(new ProductWriter(spec, status).write(), documents, warnings(spec));
  }

  private static List<Problem> warnings(ProductSpec spec) {
    List<Problem> warnings = new ArrayList<>();
    for (int i = 0; i < spec.inputs().size(); i++) {
      Input input = spec.inputs().get(i);
      if (input instanceof JdbcInput jdbc && QuantaTree.hasSecret(jdbc.url())) {
        String path = Paths.element("inputs", i) + ".jdbc.url";
        warnings.add(
            spec.locations()
                .problem(
                    path,
                    "the password in the URL is exported as ***; name the environment variable"
                        + " holding it in passwordEnv instead"));
      }
    }
    return warnings;
  }
}
