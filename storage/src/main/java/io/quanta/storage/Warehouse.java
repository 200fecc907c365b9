package io.quanta.storage;

import static java.util.Objects.requireNonNull;

import io.quanta.error.QuantaException;
import io.quanta.spec.Column;
import io.quanta.spec.Names;
import io.quanta.spec.PortId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The utility plane's storage: one Iceberg table per output port and major version, in a namespace
 * per product ({@code domain.product}), in an Iceberg {@code JdbcCatalog}. The embedded default
 * keeps the catalog in SQLite and the files in a local folder; the same code runs on PostgreSQL and
 * object storage by catalog properties.
 *
 * <p>Thread safe.
 */
public final class Warehouse implements AutoCloseable {
  private static final String CATALOG_NAME = "quanta";

  private final JdbcCatalog catalog;

  private Warehouse(JdbcCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Opens (creating if needed) the embedded warehouse under a data folder: the catalog in {@code
   * catalog.db}, the tables under {@code warehouse/}.
   */
  public static Warehouse open(Path dataDir) {
    Path root = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root.resolve("warehouse"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the warehouse under " + root, e);
    }
    Map<String, String> properties = new HashMap<>();
    properties.put(CatalogProperties.URI, "jdbc:sqlite:" + root.resolve("catalog.db"));
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, root.resolve("warehouse").toString());
    properties.put(CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName());
    // SQLite allows one writer at a time; wait for it rather than fail.
    properties.put("jdbc.busy_timeout", "30000");
    properties.put("jdbc.schema-version", "V1");
    return open(properties);
  }

  /** Opens a warehouse from Iceberg {@code JdbcCatalog} properties (e.g. on PostgreSQL). */
  public static Warehouse open(Map<String, String> catalogProperties) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(CATALOG_NAME, catalogProperties);
    return new Warehouse(catalog);
  }

  /** The table identifier of a port: {@code [domain, product] . port_v<major>}. */
  public static TableIdentifier identifier(PortId port) {
    Namespace namespace =
        Namespace.of(Names.sql(port.product().domain()), Names.sql(port.product().name()));
    return TableIdentifier.of(namespace, Names.sql(port.port()) + "_v" + port.product().major());
  }

  /**
   * The table of a port, created with the declared columns (plus the system columns) if it does not
   * exist yet, else evolved in place to them: new columns are added (optional, so the rows written
   * before read them as null), types are widened ({@code int} to {@code long}, a decimal's
   * precision with the same scale), descriptions follow the declaration, and the columns take the
   * declared order, system columns last. Every column keeps its Iceberg field id, so that the files
   * written before the change keep reading as they did. Idempotent.
   *
   * @throws QuantaException with {@code CONFLICT} if the table has a column the declaration drops,
   *     or a type the declared one is not a widening of: that needs a new major version
   */
  public PortTable createOrLoad(PortId port, List<Column> columns) {
    requireNonNull(port, "port is null");
    TableIdentifier identifier = identifier(port);
    Schema declared = IcebergSchemas.forPort(columns);
    Optional<PortTable> existing = find(port);
    if (existing.isPresent()) {
      IcebergSchemas.evolve(port, existing.get().table(), columns);
      return existing.get();
    }
    if (!catalog.namespaceExists(identifier.namespace())) {
      try {
        catalog.createNamespace(identifier.namespace());
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
        // created concurrently
      }
    }
    Map<String, String> properties =
        Map.of(
            TableProperties.FORMAT_VERSION,
            "2",
            TableProperties.PARQUET_COMPRESSION,
            "zstd",
            "quanta.port",
            port.toString());
    try {
      Table table =
          catalog.createTable(
              identifier, declared, org.apache.iceberg.PartitionSpec.unpartitioned(), properties);
      return new PortTable(port, table);
    } catch (AlreadyExistsException e) {
      return find(port).orElseThrow(() -> e);
    }
  }

  /**
   * The quarantine table of a port ({@code <port>_v<major>_quarantine}), created if needed with the
   * port's columns plus the broken check and its reason. When the port's columns evolved in place
   * (added columns, widened types), the quarantine evolves the same way and keeps its rows; a
   * quarantine whose columns cannot evolve into the port's is replaced.
   */
  public QuarantineTable quarantine(PortId port, List<Column> columns) {
    requireNonNull(port, "port is null");
    TableIdentifier portTable = identifier(port);
    TableIdentifier identifier =
        TableIdentifier.of(portTable.namespace(), portTable.name() + "_quarantine");
    Schema declared = IcebergSchemas.forQuarantine(columns);
    if (!catalog.namespaceExists(identifier.namespace())) {
      try {
        catalog.createNamespace(identifier.namespace());
      } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
        // created concurrently
      }
    }
    try {
      Table existing = catalog.loadTable(identifier);
      if (describe(existing.schema()).equals(describe(declared))) {
        return new QuarantineTable(port, existing);
      }
      if (evolveQuarantine(existing, declared)) {
        existing.refresh();
        return new QuarantineTable(port, existing);
      }
      catalog.dropTable(identifier, false);
    } catch (NoSuchTableException e) {
      // created below
    }
    Map<String, String> properties =
        Map.of(TableProperties.FORMAT_VERSION, "2", "quanta.quarantine-of", port.toString());
    try {
      return new QuarantineTable(
          port,
          catalog.createTable(
              identifier, declared, org.apache.iceberg.PartitionSpec.unpartitioned(), properties));
    } catch (AlreadyExistsException e) {
      return new QuarantineTable(port, catalog.loadTable(identifier));
    }
  }

  /**
   * Adds the declared columns the quarantine lacks and widens the types Iceberg can promote.
   *
   * @return false, changing nothing, if a column would have to be dropped or retyped otherwise
   */
  private static boolean evolveQuarantine(Table table, Schema declared) {
    Schema current = table.schema();
    for (org.apache.iceberg.types.Types.NestedField field : current.columns()) {
      org.apache.iceberg.types.Types.NestedField wanted = declared.findField(field.name());
      if (wanted == null
          || !(field.type().equals(wanted.type())
              || field.type().isPrimitiveType()
                  && org.apache.iceberg.types.TypeUtil.isPromotionAllowed(
                      field.type(), wanted.type().asPrimitiveType()))) {
        return false;
      }
    }
    org.apache.iceberg.UpdateSchema update = table.updateSchema();
    for (org.apache.iceberg.types.Types.NestedField wanted : declared.columns()) {
      org.apache.iceberg.types.Types.NestedField field = current.findField(wanted.name());
      if (field == null) {
        update.addColumn(wanted.name(), wanted.type(), wanted.doc());
      } else if (!field.type().equals(wanted.type())) {
        update.updateColumn(wanted.name(), wanted.type().asPrimitiveType());
      }
    }
    update.commit();
    return true;
  }

  /** The table of a port, if it exists. */
  public Optional<PortTable> find(PortId port) {
    try {
      return Optional.of(new PortTable(port, catalog.loadTable(identifier(port))));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /**
   * The table of a port.
   *
   * @throws QuantaException with {@code NOT_FOUND} if the port has no table
   */
  public PortTable load(PortId port) {
    return find(port).orElseThrow(() -> QuantaException.notFound("Port " + port + " has no table"));
  }

  /**
   * Drops the table of a port and its quarantine table, with their files: for a retired product
   * version whose retention has passed. Idempotent: a port without tables drops nothing.
   *
   * @return the tables dropped, e.g. {@code [podcasts.play_events.events_v1]}
   */
  public List<String> drop(PortId port) {
    requireNonNull(port, "port is null");
    TableIdentifier table = identifier(port);
    List<String> dropped = new java.util.ArrayList<>();
    for (TableIdentifier identifier :
        List.of(table, TableIdentifier.of(table.namespace(), table.name() + "_quarantine"))) {
      Table loaded;
      try {
        loaded = catalog.loadTable(identifier);
      } catch (NoSuchTableException e) {
        continue;
      }
      String location = loaded.location();
      org.apache.iceberg.io.FileIO io = loaded.io();
      if (catalog.dropTable(identifier, true)) {
        dropped.add(identifier.toString());
      }
      // Purging deletes what the table's metadata lists; files of runs that never committed stay.
      if (io instanceof org.apache.iceberg.io.SupportsPrefixOperations prefixes) {
        prefixes.deletePrefix(location);
      }
    }
    return dropped;
  }

  private static List<String> describe(Schema schema) {
    return schema.columns().stream().map(field -> field.name() + " " + field.type()).toList();
  }

  @Override
  public void close() {
    catalog.close();
  }
}
