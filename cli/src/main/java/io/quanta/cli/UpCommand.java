package io.quanta.cli;

import io.quanta.platform.Mesh;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    description = {
      "Serve the mesh until interrupted: the HTTP API (/api/v1), events on Kafka (embedded unless the mesh config names a cluster) and the Flight SQL server, and run each product on its schedule (docs/scheduling.md).",
      "Every request needs a token (quanta token create) unless the mesh config allows anonymous reads. Listens on 127.0.0.1 by default: the API and Flight SQL have no TLS, so tokens cross the network in clear; only expose them (--host 0.0.0.0) on a network you trust, or behind a TLS proxy."
    })
final class UpCommand extends MeshCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      paramLabel = "N",
      description = "HTTP port (default: http.port of the mesh config, else 8080).")
  Integer port;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to listen on (default: http.host of the mesh config, else 127.0.0.1).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    Mesh mesh = openMesh();
    serve(
        console(),
        mesh,
        host != null ? host : mesh.config().httpHost(),
        port != null ? port : mesh.config().httpPort());
    return 0;
  }

  /** Serves the mesh until the process is interrupted, then closes it. */
  static void serve(Console console, Mesh mesh, String host, int port) throws InterruptedException {
    Services services = Services.start(mesh, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  services.close();
                  mesh.close();
                  stopped.countDown();
                },
                "quanta-shutdown"));
    String base =
        "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + services.api().port();
    console.println("Quanta API on " + base + "/api/v1   (data: " + mesh.dataDir() + ")");
    console.println("Web UI on " + base + "/   (sign in with a token)");
    if (mesh.config().auth().anonymous()) {
      console.println("  Anonymous reads are allowed (auth.anonymous in the mesh config).");
    } else {
      console.println(
          "  Every request needs a token: export QUANTA_TOKEN=$(quanta --data-dir "
              + mesh.dataDir()
              + " token create --user NAME)");
    }
    console.println(
        "  curl -H \"Authorization: Bearer $QUANTA_TOKEN\" " + base + "/api/v1/products");
    console.println(
        "Events on Kafka at "
            + services.kafka()
            + " (topics quanta.<domain>.<name>.v<major>.<port>)");
    console.println(
        "Flight SQL (JDBC, BI tools): " + services.flight().jdbcUrl() + "&token=$QUANTA_TOKEN");
    console.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}
