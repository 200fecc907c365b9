package io.quanta.platform.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock, shifted forward by hand: time flows as usual (runs need it to), and a test
 * jumps over an interval, a back-off or a night without waiting for it.
 */
final class ShiftedClock extends Clock {
  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  /** Moves the clock forward. */
  void advance(Duration duration) {
    shift.updateAndGet(current -> current.plus(duration));
  }

  /** Moves the clock forward to the time, if it is not there yet. */
  void advanceTo(Instant time) {
    Duration ahead = Duration.between(instant(), time);
    if (!ahead.isNegative()) {
      advance(ahead);
    }
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(shift.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests read UTC instants");
  }
}
