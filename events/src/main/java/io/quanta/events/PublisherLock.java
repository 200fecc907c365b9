package io.quanta.events;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Lets one process at a time publish a mesh's events: two publishers would both send the same next
 * event. An OS file lock on {@code event-publisher.lock} in the data folder, released when the
 * process ends, however it ends.
 */
final class PublisherLock implements AutoCloseable {
  static final String FILE = "event-publisher.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private PublisherLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws QuantaException {@code CONFLICT} if another publisher holds it
   */
  static PublisherLock acquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new QuantaException(
            ErrorCode.CONFLICT,
            "Another process already publishes this mesh's events (" + file + " is locked)");
      }
      return new PublisherLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot lock " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
