package io.quanta.platform.registry;

import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductName;
import io.quanta.spec.SemVer;
import io.quanta.spec.SpecSource;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Deployed product versions, their deployment history and their ports. Thread safe. */
public final class ProductStore {
  private static final String COLUMNS =
      "domain, name, major, version, owner, description, kind, state, spec_file, spec_base_dir,"
          + " spec_text, spec_digest, first_deployed_at, deployed_at";

  private final Jdbi jdbi;

  ProductStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<ProductVersion> find(ProductId id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT " + COLUMNS + " FROM product_versions WHERE " + RunStore.OF_PRODUCT)
                .bindMethods(id)
                .map((row, context) -> product(row))
                .findOne());
  }

  /**
   * Every deployed version that is not retired, ordered by domain, name and major: what the mesh
   * serves, runs, schedules, publishes and searches.
   */
  public List<ProductVersion> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM product_versions WHERE state <> 'retired'"
                        + " ORDER BY domain, name, major")
                .map((row, context) -> product(row))
                .list());
  }

  /** Every deployed version, retired ones (tombstones) included, ordered as {@link #list()}. */
  public List<ProductVersion> listAll() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT " + COLUMNS + " FROM product_versions ORDER BY domain, name, major")
                .map((row, context) -> product(row))
                .list());
  }

  /** The deployed major versions of a product, newest first, retired ones included. */
  public List<ProductVersion> versions(ProductName product) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM product_versions WHERE domain = ? AND name = ? ORDER BY major DESC")
                .bind(0, product.domain())
                .bind(1, product.name())
                .map((row, context) -> product(row))
                .list());
  }

  /** Records a deployment: creates or replaces the version's spec and ports, and logs it. */
  public void save(Handle handle, ProductVersion product, List<PortRecord> ports) {
    ProductId id = product.id();
    handle
        .createUpdate(
            "INSERT INTO product_versions ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (domain, name, major) DO UPDATE SET version = excluded.version,"
                + " owner = excluded.owner, description = excluded.description, kind ="
                // A deploy never changes the lifecycle state: a deprecated version stays so.
                + " excluded.kind, spec_file = excluded.spec_file, spec_base_dir ="
                + " excluded.spec_base_dir, spec_text = excluded.spec_text, spec_digest ="
                + " excluded.spec_digest, deployed_at = excluded.deployed_at")
        .bind(0, id.domain())
        .bind(1, id.name())
        .bind(2, id.major())
        .bind(3, product.version().toString())
        .bind(4, product.owner())
        .bind(5, product.description())
        .bind(6, product.kind().orElse(null))
        .bind(7, product.state())
        .bind(8, product.source().file())
        .bind(9, product.source().baseDir().toString())
        .bind(10, product.source().text())
        .bind(11, product.digest())
        .bind(12, Times.format(product.firstDeployedAt()))
        .bind(13, Times.format(product.deployedAt()))
        .execute();
    handle
        .createUpdate(
            "INSERT INTO deployments (domain, name, major, version, spec_digest, spec_text, deployed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(0, id.domain())
        .bind(1, id.name())
        .bind(2, id.major())
        .bind(3, product.version().toString())
        .bind(4, product.digest())
        .bind(5, product.source().text())
        .bind(6, Times.format(product.deployedAt()))
        .execute();
    for (PortRecord port : ports) {
      handle
          .createUpdate(
              "INSERT INTO ports (domain, name, major, port, table_identifier, table_location)"
                  + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (domain, name, major, port) DO UPDATE SET"
                  + " table_identifier = excluded.table_identifier, table_location ="
                  + " excluded.table_location")
          .bind(0, id.domain())
          .bind(1, id.name())
          .bind(2, id.major())
          .bind(3, port.port().port())
          .bind(4, port.tableIdentifier())
          .bind(5, port.tableLocation())
          .execute();
    }
  }

  /** The ports of a product version with their tables. */
  public List<PortRecord> ports(ProductId id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT port, table_identifier, table_location FROM ports WHERE "
                        + RunStore.OF_PRODUCT
                        + " ORDER BY port")
                .bindMethods(id)
                .map(
                    (row, context) ->
                        new PortRecord(
                            id.port(row.getString(1)), row.getString(2), row.getString(3)))
                .list());
  }

  public Optional<PortRecord> port(PortId port) {
    return ports(port.product()).stream().filter(record -> record.port().equals(port)).findFirst();
  }

  private static ProductVersion product(ResultSet row) throws SQLException {
    ProductId id =
        ProductId.of(row.getString("domain"), row.getString("name"), row.getInt("major"));
    SpecSource source =
        new SpecSource(
            row.getString("spec_file"),
            Path.of(row.getString("spec_base_dir")),
            row.getString("spec_text"));
    return new ProductVersion(
        id,
        SemVer.parse(row.getString("version")),
        row.getString("owner"),
        row.getString("description"),
        java.util.Optional.ofNullable(row.getString("kind")),
        row.getString("state"),
        source,
        row.getString("spec_digest"),
        Instant.parse(row.getString("first_deployed_at")),
        Instant.parse(row.getString("deployed_at")));
  }
}
