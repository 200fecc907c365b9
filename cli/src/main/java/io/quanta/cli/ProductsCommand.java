package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.discovery.ProductSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "products", description = "List the deployed data products.")
final class ProductsCommand extends MeshCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    Console console = console();
    try (Mesh mesh = openMesh()) {
      List<ProductSummary> products = mesh.discovery().list();
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
                product.kind() == null ? "" : product.kind(),
                product.owner(),
                product.lastRun() == null
                    ? "never run"
                    : product.lastRun() + " " + product.lastRunAt(),
                String.join(", ", product.ports())));
      }
      console.table(List.of("PRODUCT", "VERSION", "KIND", "OWNER", "LAST RUN", "SQL PORTS"), rows);
      return 0;
    }
  }
}
