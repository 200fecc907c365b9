package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.quanta.ports.sql.ReadOptions;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What a ticket or a prepared statement handle carries: the consumer's SQL and how to read the
 * ports. Both are self-contained, so the server keeps nothing a client would have to release. A
 * client may forge one, but the SQL in it is checked like any query when the stream starts, so a
 * forged ticket gets nothing a query would not.
 *
 * @param sql the consumer's query, as sent
 * @param options how to read the ports; the as-of time is empty in prepared statement handles,
 *     which read as of each execution
 */
record QueryTicket(String sql, ReadOptions options) {
  private static final int FORMAT = 2;

  QueryTicket {
    requireNonNull(sql, "sql is null");
    requireNonNull(options, "options is null");
  }

  /** A prepared statement's handle: the SQL alone, read as of each execution. */
  static QueryTicket prepared(String sql) {
    return new QueryTicket(sql, ReadOptions.LATEST);
  }

  /** The ticket of one execution, read with the options. */
  static QueryTicket of(String sql, ReadOptions options) {
    return new QueryTicket(sql, options);
  }

  ReadOptions readOptions() {
    return options;
  }

  ByteString encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      byte[] text = sql.getBytes(StandardCharsets.UTF_8);
      out.writeInt(text.length);
      out.write(text);
      writeTime(out, options.asOf());
      out.writeBoolean(options.history());
      writeTime(out, options.since());
      writeTime(out, options.eventFrom());
      writeTime(out, options.eventTo());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(bytes.toByteArray());
  }

  private static void writeTime(DataOutputStream out, Optional<Instant> time) throws IOException {
    out.writeBoolean(time.isPresent());
    if (time.isPresent()) {
      out.writeLong(time.get().getEpochSecond());
      out.writeInt(time.get().getNano());
    }
  }

  private static Optional<Instant> readTime(DataInputStream in) throws IOException {
    return in.readBoolean()
        ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt()))
        : Optional.empty();
  }

  /**
   * @throws org.apache.arrow.flight.FlightRuntimeException {@code INVALID_ARGUMENT} when the bytes
   *     are not a ticket of this server
   */
  static QueryTicket decode(ByteString encoded) {
    try (DataInputStream in = new DataInputStream(encoded.newInput())) {
      if (in.readByte() != FORMAT) {
        throw notATicket();
      }
      int length = in.readInt();
      if (length < 0 || length > encoded.size()) {
        throw notATicket();
      }
      String sql = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      Optional<Instant> asOf = readTime(in);
      boolean history = in.readBoolean();
      ReadOptions options =
          new ReadOptions(asOf, history, readTime(in), readTime(in), readTime(in));
      if (in.available() > 0) {
        throw notATicket();
      }
      return new QueryTicket(sql, options);
    } catch (IOException | java.time.DateTimeException | IllegalArgumentException e) {
      throw notATicket();
    }
  }

  private static RuntimeException notATicket() {
    return FlightErrors.invalidArgument("not a ticket or statement handle of this Quanta server");
  }
}
