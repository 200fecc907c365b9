package io.quanta.platform.trust;

/** How column profiles are stored (JSON arrays in the registry's profiles table). */
final class ProfileJson {
  /** The field naming a profile's column. */
  static final String COLUMN_FIELD = "column";

  private ProfileJson() {}
}
