package io.quanta.cli;

import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Consumers;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** What {@code quanta consumers}, {@code deprecate} and {@code retire} share. */
final class LifecycleCommands {
  private LifecycleCommands() {}

  /**
   * A {@code domain/name:major} argument, the major required: deprecating or retiring the wrong
   * major by default would hurt.
   */
  static ProductId version(Mesh mesh, String text) {
    ProductRef ref = ProductRef.parse(text);
    if (ref.major().isEmpty()) {
      throw QuantaException.invalidRequest(
          "Name the major version of "
              + ref.product()
              + ", as in "
              + ref.product()
              + ":1; deployed: "
              + mesh.registry().products().versions(ref.product()).stream()
                  .map(version -> String.valueOf(version.id().major()))
                  .toList());
    }
    return mesh.specs().resolve(ref).id();
  }

  /** The consumers as a table: one row per product and reader of each port. */
  static void print(Console console, Consumers consumers) {
    List<List<String>> rows = new ArrayList<>();
    for (Consumers.PortConsumers port : consumers.ports()) {
      for (Consumers.ProductConsumer product : port.products()) {
        rows.add(
            List.of(
                port.port(),
                "product",
                product.product().toString()
                    + (product.state().equals("active") ? "" : " (" + product.state() + ")"),
                "input " + product.input(),
                String.valueOf(product.reads()),
                product.lastReadAt().map(Object::toString).orElse("")));
      }
      for (Consumers.PortReader reader : port.readers()) {
        String via = String.join(",", reader.modes());
        if (!reader.purposes().isEmpty()) {
          via += " for " + String.join(",", reader.purposes());
        }
        rows.add(
            List.of(
                port.port(),
                "reader",
                reader.reader(),
                via,
                String.valueOf(reader.reads()),
                reader.lastReadAt().toString()));
      }
    }
    String window = "reads since " + consumers.since();
    if (rows.isEmpty()) {
      console.println(
          "No consumers of " + consumers.product() + " (" + consumers.state() + "), " + window);
    } else {
      console.println(consumers.product() + " (" + consumers.state() + "), " + window);
      console.table(List.of("PORT", "KIND", "CONSUMER", "VIA", "READS", "LAST READ"), rows);
    }
    if (!consumers.readersShown()) {
      console.note(
          "note: who reads the ports is shown to the product's owner and the governance role only;"
              + " these are the products reading it");
    }
  }

  /** A day as users give sunsets: {@code 2027-01-31}. */
  static String day(java.time.Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }
}
