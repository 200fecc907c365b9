package io.quanta.cli;

import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.ProductSpec;

/** A PORT argument: {@code domain/name/port} (newest major) or {@code domain/name:major/port}. */
final class PortArgument {
  private PortArgument() {}

  /** The port and its spec. */
  record Resolved(PortId id, Output output) {}

  static Resolved resolve(Mesh mesh, String text) {
    int slash = text == null ? -1 : text.lastIndexOf('/');
    if (slash <= 0 || text.indexOf('/') == slash) {
      throw QuantaException.invalidRequest(
          "Invalid port '" + text + "': expected domain/name/port or domain/name:major/port");
    }
    ProductRef product = ProductRef.parse(text.substring(0, slash));
    String port = text.substring(slash + 1);
    ProductSpec spec = mesh.specs().spec(mesh.specs().resolve(product));
    Output output =
        spec.output(port)
            .orElseThrow(
                () ->
                    QuantaException.notFound(
                        spec.id()
                            + " has no output port '"
                            + port
                            + "'; its ports: "
                            + String.join(
                                ", ", spec.outputs().stream().map(Output::name).toList())));
    return new Resolved(spec.id().port(output.name()), output);
  }
}
