package io.quanta.spec;

/** An input port: where a product's data comes from. Its name is a table inside the SQL. */
public sealed interface Input permits ProductInput, FileInput, JdbcInput, KafkaInput {
  /** The table name of this input inside the outputs' SQL. */
  String name();
}
