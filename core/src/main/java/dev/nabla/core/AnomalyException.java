package dev.nabla.core;

import dev.nabla.core.internal.NonFinite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Thrown, with {@linkplain Grad#detectAnomaly() anomaly detection} on, by the first op whose
 * forward output or backward gradient holds a NaN or an infinity. The message names the op, the
 * pass, where in the model the op sits (its {@linkplain Grad#scope name scope}) and its inputs, for
 * instance
 *
 * <pre>
 * anomaly: Log produced NaN in forward at model path '3' (inputs [32, 10] FLOAT32); first at flat
 * index 4 of the output [32, 10]
 * </pre>
 *
 * <p>The parts are also available one by one ({@link #opName()}, {@link #pass()}, {@link
 * #scopePath()}, {@link #inputShapes()}).
 */
public final class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  /** The pass in which the anomaly appeared. */
  public enum Pass {
    /** The op's output. */
    FORWARD,
    /** A gradient the op's backward returned for one of its inputs. */
    BACKWARD;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String opName;
  private final Pass pass;
  private final String scopePath;
  private final transient List<int[]> inputShapes;
  private final String value;

  private AnomalyException(
      String message,
      String opName,
      Pass pass,
      String scopePath,
      List<int[]> inputShapes,
      String value) {
    super(message);
    this.opName = opName;
    this.pass = pass;
    this.scopePath = scopePath;
    this.inputShapes = inputShapes;
    this.value = value;
  }

  /** The op's name, for instance {@code "Log"}. */
  public String opName() {
    return opName;
  }

  /** Whether the forward output or a backward gradient held the bad value. */
  public Pass pass() {
    return pass;
  }

  /** The op's model path ({@link Node#scopePath()}), {@code ""} outside any name scope. */
  public String scopePath() {
    return scopePath;
  }

  /** The shapes of the op's inputs, in order (copies). */
  public List<int[]> inputShapes() {
    List<int[]> out = new ArrayList<>(inputShapes.size());
    inputShapes.forEach(s -> out.add(s.clone()));
    return out;
  }

  /** The first bad value: {@code "NaN"}, {@code "Inf"} or {@code "-Inf"}. */
  public String value() {
    return value;
  }

  /** Throws when {@code out}, the forward output of {@code op}, holds a NaN or an infinity. */
  static void checkForward(Op op, Tensor[] inputs, Tensor out, Grad.NameScope scope) {
    int bad = NonFinite.first(out);
    if (bad < 0) {
      return;
    }
    List<int[]> shapes = new ArrayList<>(inputs.length);
    StringJoiner described = new StringJoiner(", ");
    for (Tensor in : inputs) {
      shapes.add(in.shape());
      described.add(Arrays.toString(in.shape()) + " " + in.dtype());
    }
    String value = NonFinite.describe(out, bad);
    StringBuilder msg =
        head(op.name(), value, Pass.FORWARD, scope, described)
            .append("; first at flat index ")
            .append(bad)
            .append(" of the output ")
            .append(Arrays.toString(out.shape()));
    for (int i = 0; i < inputs.length; i++) {
      int inBad = NonFinite.first(inputs[i]);
      if (inBad >= 0) {
        // The op only passed on what it was given: say so, and where that input came from.
        msg.append("; input ")
            .append(i)
            .append(" already held ")
            .append(NonFinite.describe(inputs[i], inBad))
            .append(
                inputs[i].gradFn() == null
                    ? " (a leaf: data, a parameter or a constant given to the model)"
                    : " (computed by "
                        + inputs[i].gradFn().opName()
                        + " before anomaly detection "
                        + "was on, or outside it)");
        break;
      }
    }
    throw new AnomalyException(msg.toString(), op.name(), Pass.FORWARD, path(scope), shapes, value);
  }

  /**
   * Throws when {@code grad}, the gradient that the backward of {@code node} returned for input
   * {@code input}, holds a NaN or an infinity.
   */
  static void checkBackward(Node node, int input, Tensor grad, Tensor incoming) {
    int bad = NonFinite.first(grad);
    if (bad < 0) {
      return;
    }
    OpContext ctx = node.context();
    List<int[]> shapes = new ArrayList<>(ctx.inputCount());
    StringJoiner described = new StringJoiner(", ");
    for (int i = 0; i < ctx.inputCount(); i++) {
      shapes.add(ctx.inputShape(i));
      described.add(Arrays.toString(ctx.inputShape(i)) + " " + ctx.inputDType(i));
    }
    String value = NonFinite.describe(grad, bad);
    StringBuilder msg =
        head(node.opName(), value, Pass.BACKWARD, node.scope(), described)
            .append("; first at flat index ")
            .append(bad)
            .append(" of the gradient for input ")
            .append(input)
            .append(' ')
            .append(Arrays.toString(grad.shape()));
    int inBad = NonFinite.first(incoming);
    if (inBad >= 0) {
      msg.append("; the gradient it received already held ")
          .append(NonFinite.describe(incoming, inBad))
          .append(" (the seed given to backward, or a gradient summed past the float range)");
    }
    throw new AnomalyException(
        msg.toString(), node.opName(), Pass.BACKWARD, node.scopePath(), shapes, value);
  }

  private static StringBuilder head(
      String op, String value, Pass pass, Grad.NameScope scope, StringJoiner inputs) {
    StringBuilder sb =
        new StringBuilder("anomaly: ")
            .append(op)
            .append(" produced ")
            .append(value)
            .append(" in ")
            .append(pass);
    if (scope == null) {
      sb.append(" outside any model path (no name scope open)");
    } else {
      sb.append(" at model path '").append(scope.path()).append('\'');
    }
    return sb.append(" (inputs ").append(inputs).append(')');
  }

  private static String path(Grad.NameScope scope) {
    return scope == null ? "" : scope.path();
  }
}
