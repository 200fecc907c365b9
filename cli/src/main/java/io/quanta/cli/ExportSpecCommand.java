package io.quanta.cli;

import io.quanta.error.ErrorCode;
import io.quanta.error.Problem;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.platform.lifecycle.DeployedSpecs;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.platform.registry.Registry;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;
import io.quanta.spec.SpecParser;
import io.quanta.standards.ExportedDocument;
import io.quanta.standards.SpecExport;
import io.quanta.standards.SpecExporter;
import io.quanta.standards.Standard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "export-spec",
    description = {
      "Write a product as an ODPS v1.0.0 document and its output ports as ODCS v3.1.0 contracts.",
      "PRODUCT is a deployed product (its owner and the governance role only: the documents hold its SQL, inputs and policies) or a spec file. What the standards have no field for travels in quanta* custom properties, so that import-spec gives the same spec back (docs/standards.md)."
    })
final class ExportSpecCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description =
          "domain/name (newest major), domain/name:major, or a spec file (a path ending in .yaml or"
              + " .yml, or naming an existing file).")
  String product;

  @Option(
      names = "--format",
      required = true,
      split = ",",
      paramLabel = "FORMAT",
      description = "odps (the product), odcs (one contract per output port), or both: odps,odcs.")
  List<String> formats;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write each document to DIR (created if needed) as <domain>.<name>.v<major>.odps.yaml"
              + " and <domain>.<name>.v<major>.<port>.odcs.yaml; without it, print them separated"
              + " by ---.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Console console = console();
    Set<Standard> standards = standards();
    SpecExport export =
        isSpecFile(product) ? fromFile(Path.of(product), console) : fromDeployedProduct();
    export.warnings().forEach(warning -> console.note("warning: " + warning));
    List<ExportedDocument> documents = export.documents(standards);
    if (out == null) {
      for (int i = 0; i < documents.size(); i++) {
        if (i > 0) {
          console.out().print("---\n");
        }
        console.out().print(documents.get(i).yaml());
      }
      console.out().flush();
      return 0;
    }
    Files.createDirectories(out);
    for (ExportedDocument document : documents) {
      Path file = out.resolve(document.fileName());
      Files.writeString(file, document.yaml());
      console.println(file.toString());
    }
    return 0;
  }

  /** A path ending in .yaml or .yml, or naming a file, is a spec; anything else a product. */
  static boolean isSpecFile(String argument) {
    return argument.endsWith(".yaml")
        || argument.endsWith(".yml")
        || Files.isRegularFile(Path.of(argument));
  }

  private Set<Standard> standards() {
    Set<Standard> standards = EnumSet.noneOf(Standard.class);
    for (String format : formats) {
      standards.add(
          Standard.fromSpecName(format)
              .orElseThrow(
                  () ->
                      QuantaException.invalidRequest(
                          "--format must be odps, odcs or odps,odcs, got '" + format + "'")));
    }
    return standards;
  }

  private static SpecExport fromFile(Path file, Console console) {
    SpecParser.Result parsed = SpecParser.create().parse(file);
    for (Problem warning : parsed.warnings()) {
      console.note("warning: " + warning);
    }
    ProductSpec spec = parsed.orThrow();
    return new SpecExporter().export(spec, SpecExporter.DRAFT);
  }

  private SpecExport fromDeployedProduct() {
    try (Registry registry = openRegistry()) {
      DeployedSpecs specs = new DeployedSpecs(registry.products(), SpecParser.create());
      ProductVersion version = specs.resolve(ProductRef.parse(product));
      ProductSpec spec = specs.spec(version);
      Principal principal = root.reader(registry, config()).principal();
      if (!principal.controls(spec.metadata().owner())) {
        throw new QuantaException(
            ErrorCode.FORBIDDEN,
            "Only the owner of "
                + spec.id()
                + " ("
                + spec.metadata().owner()
                + ") or the '"
                + Principal.GOVERNANCE_ROLE
                + "' role may export its spec (its SQL, inputs and policies); "
                + principal
                + " is neither. Export the spec file instead: quanta export-spec FILE --format ...");
      }
      return new SpecExporter().export(spec, version.state());
    }
  }
}
