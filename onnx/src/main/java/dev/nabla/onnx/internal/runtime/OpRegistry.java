package dev.nabla.onnx.internal.runtime;

import dev.nabla.onnx.internal.ops.ControlFlowOps;
import dev.nabla.onnx.internal.ops.ElementwiseOps;
import dev.nabla.onnx.internal.ops.MiscOps;
import dev.nabla.onnx.internal.ops.NnOps;
import dev.nabla.onnx.internal.ops.RecurrentOps;
import dev.nabla.onnx.internal.ops.ReduceOps;
import dev.nabla.onnx.internal.ops.ShapeOps;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ops nabla runs, by domain and op type. The default domain is {@code ""} (ONNX's {@code
 * ai.onnx}, which models may also spell out).
 */
public final class OpRegistry {
  /** The newest opset of the default domain nabla implements. */
  public static final int MAX_OPSET = 17;

  private static final OpRegistry DEFAULT = defaults();

  private final Map<String, OpFactory> factories = new TreeMap<>();
  private boolean frozen;

  private OpRegistry() {}

  /** The registry of every op nabla implements. */
  public static OpRegistry standard() {
    return DEFAULT;
  }

  private static OpRegistry defaults() {
    OpRegistry r = new OpRegistry();
    ElementwiseOps.register(r);
    ShapeOps.register(r);
    ReduceOps.register(r);
    NnOps.register(r);
    RecurrentOps.register(r);
    MiscOps.register(r);
    ControlFlowOps.register(r);
    r.frozen = true;
    return r;
  }

  /**
   * Registers an op of the default domain, while the registry is being built; registering one twice
   * is a programming error.
   */
  public void register(String opType, OpFactory factory) {
    if (frozen) {
      throw new IllegalStateException("the standard registry is complete; ONNX op " + opType);
    }
    if (factories.put(opType, factory) != null) {
      throw new IllegalStateException("ONNX op " + opType + " registered twice");
    }
  }

  /** The factory of a default-domain op, or null. */
  public OpFactory get(String domain, String opType) {
    if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
      return null;
    }
    return factories.get(opType);
  }

  /** The op types of the default domain nabla implements, sorted. */
  public java.util.Set<String> opTypes() {
    return Collections.unmodifiableSet(factories.keySet());
  }
}
