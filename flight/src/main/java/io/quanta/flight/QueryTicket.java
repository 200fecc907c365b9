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
 * @param asOf the processing time to read as of; empty in prepared statement handles, which read as
 *     of each execution
 * @param history every row instead of the latest per key
 */
record QueryTicket(String sql, Optional<Instant> asOf, boolean history) {
  private static final int FORMAT = 1;

  QueryTicket {
    requireNonNull(sql, "sql is null");
    requireNonNull(asOf, "asOf is null");
  }

  /** A prepared statement's handle: the SQL alone, read as of each execution. */
  static QueryTicket prepared(String sql) {
    return new QueryTicket(sql, Optional.empty(), false);
  }

  /** The ticket of one execution, read with the options. */
  static QueryTicket of(String sql, ReadOptions options) {
    return new QueryTicket(sql, options.asOf(), options.history());
  }

  ReadOptions readOptions() {
    return new ReadOptions(asOf, history, Optional.empty(), Optional.empty(), Optional.empty());
  }

  ByteString encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      byte[] text = sql.getBytes(StandardCharsets.UTF_8);
      out.writeInt(text.length);
      out.write(text);
      out.writeBoolean(asOf.isPresent());
      if (asOf.isPresent()) {
        out.writeLong(asOf.get().getEpochSecond());
        out.writeInt(asOf.get().getNano());
      }
      out.writeBoolean(history);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ByteString.copyFrom(bytes.toByteArray());
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
      Optional<Instant> asOf =
          in.readBoolean()
              ? Optional.of(Instant.ofEpochSecond(in.readLong(), in.readInt()))
              : Optional.empty();
      boolean history = in.readBoolean();
      if (in.available() > 0) {
        throw notATicket();
      }
      return new QueryTicket(sql, asOf, history);
    } catch (IOException | java.time.DateTimeException e) {
      throw notATicket();
    }
  }

  private static RuntimeException notATicket() {
    return FlightErrors.invalidArgument("not a ticket or statement handle of this Quanta server");
  }
}
