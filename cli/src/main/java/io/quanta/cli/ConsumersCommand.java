package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.lifecycle.Consumers;
import io.quanta.platform.lifecycle.LifecycleJson;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "consumers",
    description = {
      "Show who depends on a product version, per port: the deployed products whose inputs read it, and the readers the access audit saw, with their reads and last read in a window.",
      "Readers are shown to the product's owner and the governance role only; reads by the product's own team and the governance role are not counted (docs/lifecycle-deprecation.md)."
    })
final class ConsumersCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PRODUCT",
      description = "domain/name (newest major) or domain/name:major.")
  String product;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Count reads from a duration back (P30D, PT12H) or a time (2026-11-01); default: the"
              + " mesh's lifecycle.consumer-window, P30D.")
  String since;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  String format;

  @Override
  public Integer call() throws Exception {
    Console console = console();
    if (!format.equals("text") && !format.equals("json")) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--format must be text or json, got '" + format + "'");
    }
    try (Mesh mesh = openMesh()) {
      ProductId id = mesh.specs().resolve(ProductRef.parse(product)).id();
      Instant from =
          since == null
              ? mesh.clock().instant().minus(mesh.deprecations().settings().consumerWindow())
              : mesh.consumers().since("--since", since);
      Consumers consumers = mesh.consumers().of(id, reader(mesh).principal(), from);
      if (format.equals("json")) {
        console.println(
            ApiServer.objectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(LifecycleJson.consumers(consumers)));
        return 0;
      }
      LifecycleCommands.print(console, consumers);
      return 0;
    }
  }
}
