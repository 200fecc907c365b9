package io.quanta.platform.governance;

import io.quanta.ports.policy.MaskKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The mesh's mask key: {@code secrets/mask.key} in the data folder, 32 random bytes created the
 * first time the mesh opens (readable by its owner only). Every process on the folder uses the same
 * key, so a hashed identifier is the same value through every port and in every product. Losing the
 * file changes every hashed value; copy it with the data folder.
 */
public final class MaskKeys {
  /** The key's path under the data folder. */
  public static final String FILE = "secrets/mask.key";

  private static final int BYTES = 32;

  private MaskKeys() {}

  /** The folder's key, created if it has none. */
  public static MaskKey load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      byte[] key = Files.readAllBytes(file);
      if (key.length < 16 || key.length > 64) {
        throw new IllegalStateException(
            file + " holds " + key.length + " bytes; a mask key has 16 to 64 (restore it)");
      }
      return MaskKey.of(key);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the mask key " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] key = new byte[BYTES];
    new SecureRandom().nextBytes(key);
    Path temporary = Files.createTempFile(file.getParent(), "mask", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the folder's permissions protect it
      }
      Files.write(temporary, key, StandardOpenOption.TRUNCATE_EXISTING);
      // Two processes opening a new folder at once: the first key wins, the other reads it.
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      // another process created it first
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
