package io.quanta.bench;

import io.quanta.engine.Sql;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The product the lead-time measure deploys: {@code bench/big-table}, one keyed output port over a
 * generated Parquet file, written to a folder of its own before the clock starts.
 */
public final class LeadTimeProduct {
  /** The product's address. */
  public static final ProductId ID = ProductId.of("bench", "big-table", 1);

  /** The query whose first answer ends the lead time. */
  public static final String COUNT_QUERY = "SELECT count(*) AS items FROM bench.big_table.items";

  private static final String SPEC =
      """
      apiVersion: quanta/v1
      kind: DataProduct
      metadata:
        domain: bench
        name: big-table
        version: 1.0.0
        owner: bench@example.com
        description: >-
          Generated items the benchmark deploys to measure the lead time from deploy to the first
          answer of a query.
        kind: source-aligned
        tags: [bench]
      inputs:
        - name: items
          file: data/big-table.parquet
      outputs:
        - name: items
          description: One row per generated item.
          sql: |
            SELECT item_id, name, category, amount, created_at
            FROM items
          eventTime: created_at
          key: [item_id]
          schema:
            - name: item_id
              type: bigint
              description: The item's identifier.
            - name: name
              type: string
              description: The item's name.
            - name: category
              type: string
              description: One of fifty categories.
            - name: amount
              type: double
              description: An amount between 0 and 100.
            - name: created_at
              type: timestamp
              description: When the item was created (UTC), one second apart.
      """;

  private LeadTimeProduct() {}

  /**
   * Writes the spec ({@code folder/big-table.yaml}) and its input ({@code
   * folder/data/big-table.parquet}, {@code rows} rows).
   *
   * @return the spec file
   */
  public static Path write(Path folder, long rows) throws IOException, SQLException {
    Path data = folder.resolve("data");
    Files.createDirectories(data);
    Path parquet = data.resolve("big-table.parquet");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute(
          "COPY (SELECT range AS item_id,"
              + " 'item-' || range AS name,"
              + " 'category-' || (range % 50) AS category,"
              + " CAST(range % 10000 AS DOUBLE) / 100 AS amount,"
              + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range) AS created_at"
              + " FROM range("
              + rows
              + ")) TO "
              + Sql.literal(parquet.toAbsolutePath().toString())
              + " (FORMAT parquet, COMPRESSION zstd)");
    }
    Path spec = folder.resolve("big-table.yaml");
    Files.writeString(spec, SPEC);
    return spec;
  }
}
