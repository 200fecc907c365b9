package io.quanta.standards;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.Input;
import io.quanta.spec.Metadata;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductInput;
import io.quanta.spec.ProductSpec;

/** Writes the ODPS v1.0.0 document of a product (the mapping of ADR 0014). */
final class ProductWriter {
  private final ProductSpec spec;
  private final String status;

  ProductWriter(ProductSpec spec, String status) {
    this.spec = spec;
    this.status = status;
  }

  ExportedDocument write() {
    Metadata metadata = spec.metadata();
    ObjectNode product = Json.object();
    product.put("apiVersion", Standard.ODPS.apiVersion());
    product.put("kind", Standard.ODPS.kind());
    product.put("id", spec.id().toString());
    product.put("name", metadata.name().name());
    product.put("version", metadata.version().toString());
    product.put("status", status);
    product.put("domain", metadata.name().domain());
    ObjectNode description = product.putObject("description");
    description.put("purpose", metadata.description());
    metadata.docs().ifPresent(docs -> description.put("usage", docs));
    if (!metadata.tags().isEmpty()) {
      product.set("tags", Json.strings(metadata.tags()));
    }

    ArrayNode inputPorts = Json.array();
    ArrayNode sources = Json.array();
    for (Input input : spec.inputs()) {
      if (input instanceof ProductInput upstream) {
        inputPorts.add(inputPort(upstream));
      } else {
        sources.add(QuantaTree.input(input));
      }
    }
    if (!inputPorts.isEmpty()) {
      product.set("inputPorts", inputPorts);
    }
    ArrayNode outputPorts = product.putArray("outputPorts");
    for (Output output : spec.outputs()) {
      PortId port = spec.id().port(output.name());
      ObjectNode outputPort = outputPorts.addObject();
      outputPort.put("name", output.name());
      if (!output.description().isEmpty()) {
        outputPort.put("description", output.description());
      }
      outputPort.put("version", metadata.version().toString());
      outputPort.put("contractId", port.toString());
    }
    product.set("team", team(metadata.owner()));

    ArrayNode extensions = Json.array();
    metadata.kind().ifPresent(kind -> Extensions.add(extensions, Extensions.KIND, kind.specName()));
    if (!spec.slo().isEmpty()) {
      Extensions.add(extensions, Extensions.SLO, QuantaTree.slo(spec.slo()));
    }
    if (!spec.schedule().isManual()) {
      Extensions.add(extensions, Extensions.SCHEDULE, QuantaTree.schedule(spec.schedule()));
    }
    if (!spec.policies().isEmpty()) {
      Extensions.add(extensions, Extensions.POLICIES, spec.policies().deepCopy());
    }
    if (!sources.isEmpty()) {
      Extensions.add(extensions, Extensions.SOURCES, sources);
    }
    if (!extensions.isEmpty()) {
      product.set("customProperties", extensions);
    }
    return new ExportedDocument(
        Standard.ODPS, spec.id().toString(), DocumentNames.productFile(spec.id()), product);
  }

  /** An input reading another product: the upstream port's contract, at the pinned major. */
  private static ObjectNode inputPort(ProductInput input) {
    ObjectNode port = Json.object();
    port.put("name", input.name());
    port.put("version", String.valueOf(input.port().product().major()));
    port.put("contractId", input.port().toString());
    if (input.mode() == ProductInput.Mode.INCREMENTAL) {
      Extensions.add(port.putArray("customProperties"), Extensions.MODE, "incremental");
    }
    return port;
  }

  /** The team of both standards: the owner as its one member, in the role {@code owner}. */
  static ObjectNode team(String owner) {
    ObjectNode team = Json.object();
    ObjectNode member = team.putArray("members").addObject();
    member.put("username", owner);
    member.put("role", "owner");
    return team;
  }
}
