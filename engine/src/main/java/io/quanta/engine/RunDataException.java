package io.quanta.engine;

/**
 * A run's result breaks its port's contract: a key or required column without a value, or a key
 * shared by several rows. Nothing is written.
 */
public final class RunDataException extends RuntimeException {
  public RunDataException(String message) {
    super(message);
  }
}
