package dev.nabla.layers.internal;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * The argument and input checks of {@code Module}: what it registers, replaces and is given. Each
 * message names the module (its label), the method, and what was expected and given.
 */
public final class ModuleChecks {
  private ModuleChecks() {}

  /**
   * {@code "<label>: <method>: '<name>' <what>"}: a bad argument {@code name} of {@code method}.
   */
  public static IllegalArgumentException argument(
      String label, String method, String name, String what) {
    return new IllegalArgumentException(label + ": " + method + ": '" + name + "' " + what);
  }

  /**
   * Fails unless {@code x} is floating point and, when the module has parameters or buffers of
   * dtype {@code own} (null when it has none), of that dtype.
   */
  public static void checkInputDType(String label, Tensor x, DType own) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          label + ": input " + Fmt.shape(x) + " is " + x.dtype() + ", expected FLOAT32 or FLOAT64");
    }
    if (own != null && own != x.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input is %s but the parameters are %s; convert the input with x.to(DType.%s) or"
                  + " the module with to(DType.%s)",
              label, x.dtype(), own, own, x.dtype()));
    }
  }

  /** No own parameter or buffer ({@code kind}) called {@code name}; lists the {@code names}. */
  public static IllegalArgumentException missing(
      String label, String kind, String name, Collection<String> names) {
    return new IllegalArgumentException(
        label + ": no " + kind + " '" + name + "'; its " + kind + "s are " + names);
  }

  /** {@code setParameter}'s dotted path {@code name} leads to no parameter; lists the paths. */
  public static IllegalArgumentException noParameterAt(
      String label, String name, Collection<String> names) {
    return new IllegalArgumentException(
        label + ": setParameter: no parameter named '" + name + "'; the parameters are " + names);
  }

  /**
   * Fails unless {@code name} is a valid new name (non-empty, no dots) that none of the module's
   * parameters, buffers and children uses yet.
   */
  public static void checkNewName(
      String label,
      String method,
      String name,
      Map<String, ?> parameters,
      Map<String, ?> buffers,
      Map<String, ?> children) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          label
              + ": "
              + method
              + ": expected a non-empty name without dots, got "
              + (name == null ? "null" : "'" + name + "'"));
    }
    String usedBy =
        parameters.containsKey(name)
            ? "a parameter"
            : buffers.containsKey(name)
                ? "a buffer"
                : children.containsKey(name) ? "a child module" : null;
    if (usedBy != null) {
      throw new IllegalArgumentException(
          label + ": " + method + ": name '" + name + "' is already used by " + usedBy);
    }
  }

  /** Fails unless {@code value} may be registered as parameter {@code name}: a floating leaf. */
  public static void checkParameter(String label, String name, Tensor value) {
    if (value == null || !value.dtype().isFloatingPoint()) {
      throw argument(
          label,
          "registerParameter",
          name,
          "must be a FLOAT32 or FLOAT64 tensor, got " + (value == null ? "null" : value.dtype()));
    }
    requireLeaf(label, "registerParameter", name, value);
  }

  /** Fails unless {@code value} may be registered as buffer {@code name}: not requiring grad. */
  public static void checkBuffer(String label, String name, Tensor value) {
    if (value == null) {
      throw argument(label, "registerBuffer", name, "is null");
    }
    if (value.requiresGrad()) {
      throw argument(
          label,
          "registerBuffer",
          name,
          "requires grad; a buffer is not trained "
              + "(register it as a parameter, or pass a tensor that does not require grad)");
    }
  }

  /**
   * Fails unless {@code value} may replace the parameter {@code old} at path {@code name}: a leaf
   * of the same dtype and shape.
   */
  public static void checkReplacement(String label, String name, Tensor old, Tensor value) {
    if (value == null) {
      throw argument(label, "setParameter", name, "value is null");
    }
    requireLeaf(label, "setParameter", name, value);
    if (value.dtype() != old.dtype() || !Arrays.equals(value.shape(), old.shape())) {
      throw argument(
          label, "setParameter", name, "is " + Fmt.describe(old) + ", got " + Fmt.describe(value));
    }
  }

  private static void requireLeaf(String label, String method, String name, Tensor value) {
    if (!value.isLeaf()) {
      throw argument(
          label,
          method,
          name,
          "was computed by "
              + value.gradFn().opName()
              + "; a parameter must be a leaf tensor (pass value.detach())");
    }
  }
}
