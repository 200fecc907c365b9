package io.quanta.platform.registry;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Which process runs something: host, process id and the process's start time, since a process id
 * alone is reused after a restart.
 *
 * @param host the host name
 * @param pid the process id on that host
 * @param startedAt when the process started, when the system tells
 */
public record ProcessIdentity(String host, long pid, Optional<Instant> startedAt) {
  public ProcessIdentity {
    requireNonNull(host, "host is null");
    requireNonNull(startedAt, "startedAt is null");
  }

  /** This process. */
  public static ProcessIdentity current() {
    ProcessHandle self = ProcessHandle.current();
    return new ProcessIdentity(hostName(), self.pid(), startOf(self));
  }

  /**
   * Whether the process may still be running: false only when it is on this host and either no
   * process has its id or the one that has it started at another time.
   */
  public boolean mayBeAlive() {
    if (!host.equals(hostName())) {
      return true;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return false;
    }
    Optional<Instant> actualStart = startOf(handle.get());
    return startedAt.isEmpty()
        || actualStart.isEmpty()
        || actualStart.get().equals(startedAt.get());
  }

  private static Optional<Instant> startOf(ProcessHandle handle) {
    // The registry keeps microseconds; compare at that precision.
    return handle.info().startInstant().map(start -> start.truncatedTo(ChronoUnit.MICROS));
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
