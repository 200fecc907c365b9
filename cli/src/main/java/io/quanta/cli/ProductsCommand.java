package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.discovery.ProductSummary;
import io.quanta.platform.registry.LifecycleState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "products",
    description =
        "List the deployed data products: active and deprecated ones, or those --state says.")
final class ProductsCommand extends MeshCommand implements Callable<Integer> {
  @Option(
      names = "--state",
      paramLabel = "STATE",
      description =
          "active, deprecated, retired or all, comma-separated (default: active,deprecated).")
  String state;

  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      List<ProductSummary> products =
          mesh.discovery().list(LifecycleState.filter("--state", state));
      if (products.isEmpty() && state != null) {
        console.note("no product is " + state);
        return 0;
      }
      if (products.isEmpty()) {
        console.note("no product is deployed yet (quanta deploy FILE..., or quanta demo)");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ProductSummary product : products) {
        rows.add(
            List.of(
                product.product() + ":" + product.major(),
                product.version(),
                product.state(),
                product.kind() == null ? "" : product.kind(),
                product.owner(),
                product.lastRun() == null
                    ? "never run"
                    : product.lastRun() + " " + product.lastRunAt(),
                String.join(", ", product.ports())));
      }
      console.table(
          List.of("PRODUCT", "VERSION", "STATE", "KIND", "OWNER", "LAST RUN", "SQL PORTS"), rows);
      return 0;
    }
  }
}
