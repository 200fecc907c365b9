package io.quanta.examples;

/**
 * How many users, podcasts and artists a data set of a given number of plays has. Every size is a
 * function of the number of plays only, so that a second batch finds the entities of the first.
 *
 * @param plays the plays of the 30-day window
 * @param users registered users: {@code max(50, plays / 100)}
 * @param podcasts podcasts in the catalog: {@code max(20, plays / 2000)}, at most 5000
 * @param newReleases the podcasts released during the window, the last ones of the catalog: one in
 *     twenty, at least 2; each has an artist of its own
 * @param catalogArtists the artists of the podcasts released before the window: a third of them, at
 *     least 3
 */
record MeshScale(long plays, long users, int podcasts, int newReleases, int catalogArtists) {
  /**
   * The most podcasts a data set has. Podcasts are chosen by popularity rank through {@code (rank *
   * 7919) mod catalogPodcasts}, a permutation as long as the prime 7919 does not divide the count,
   * which holds below it.
   */
  static final int MAX_PODCASTS = 5000;

  MeshScale {
    if (plays < 1) {
      throw new IllegalArgumentException("plays must be at least 1, got " + plays);
    }
    if (users < 1 || podcasts < 1 || podcasts > MAX_PODCASTS) {
      throw new IllegalArgumentException(
          "users and podcasts out of range: " + users + ", " + podcasts);
    }
    if (newReleases < 1 || newReleases >= podcasts || catalogArtists < 1) {
      throw new IllegalArgumentException(
          "new releases and artists out of range: " + newReleases + ", " + catalogArtists);
    }
  }

  /** The sizes for a number of plays. */
  static MeshScale of(long plays) {
    if (plays < 1) {
      throw new IllegalArgumentException("plays must be at least 1, got " + plays);
    }
    long users = Math.max(50, plays / 100);
    int podcasts = (int) Math.min(MAX_PODCASTS, Math.max(20, plays / 2000));
    int newReleases = Math.max(2, podcasts / 20);
    int catalogArtists = Math.max(3, (podcasts - newReleases) / 3);
    return new MeshScale(plays, users, podcasts, newReleases, catalogArtists);
  }

  /** The podcasts released before the window. */
  int catalogPodcasts() {
    return podcasts - newReleases;
  }

  /** All artists: those of the catalog and one per new release. */
  int artists() {
    return catalogArtists + newReleases;
  }

  /** Digits of the zero-padded number in a user identifier, e.g. 6 in {@code u000042}. */
  int userDigits() {
    return Math.max(6, Long.toString(users).length());
  }
}
