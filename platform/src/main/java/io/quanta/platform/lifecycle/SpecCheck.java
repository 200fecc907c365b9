package io.quanta.platform.lifecycle;

import io.quanta.error.Problem;
import io.quanta.spec.ProductSpec;
import java.util.List;

/**
 * A check every deploy's validation runs on each spec, besides the file, its inputs, its SQL and
 * the mesh's governance: for a plane of the platform with rules of its own about what may be
 * deployed (the lifecycle of the versions a spec names, see {@link DeprecationService#checkSpec}).
 */
@FunctionalInterface
public interface SpecCheck {
  /**
   * Adds the spec's problems, each where it is in the file: errors refuse the deploy, warnings are
   * shown. Must not throw.
   */
  void check(ProductSpec spec, List<Problem> errors, List<Problem> warnings);
}
