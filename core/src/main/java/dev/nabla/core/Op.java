package dev.nabla.core;

/**
 * A differentiable operation: one class, two methods, in the spirit of PyTorch's {@code
 * torch.autograd.Function}. Every built-in op of nabla is written against this class, and a user's
 * op is written the same way:
 *
 * <pre>{@code
 * final class Square extends Op {
 *   protected Tensor forward(OpContext ctx, Tensor... in) {
 *     ctx.save(in[0]);
 *     return in[0].mul(in[0]);
 *   }
 *   protected Tensor[] backward(OpContext ctx, Tensor grad) {
 *     return new Tensor[] {grad.mul(ctx.saved(0)).mul(2)};
 *   }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 *
 * <p>{@link #forward} runs with recording off, so the tensor ops it uses build no graph; it must
 * return a new tensor. {@link #backward} receives the gradient of the loss with respect to the
 * output and returns one gradient per input, in order ({@code null} where no gradient is needed:
 * see {@link OpContext#needsInputGrad}). A gradient may have the broadcast shape of the output: the
 * engine sums it back to the input's shape. An op instance holds only its configuration (an axis, a
 * stride) and can be applied any number of times, from any thread.
 */
public abstract class Op {

  /** For subclasses: an op holds only its configuration. */
  protected Op() {}

  /**
   * The name shown in graph walks, DOT exports and error messages; the class's simple name by
   * default.
   */
  public String name() {
    return getClass().getSimpleName();
  }

  /** Computes the output from the inputs, saving on {@code ctx} what backward will need. */
  protected abstract Tensor forward(OpContext ctx, Tensor... inputs);

  /** Returns d(loss)/d(input) for each input, given d(loss)/d(output). */
  protected abstract Tensor[] backward(OpContext ctx, Tensor gradOutput);

  /**
   * Applies the op: runs {@link #forward} and, when gradients are enabled and some input requires
   * one, records a {@link Node} on the output, with the {@linkplain Grad#scope name scope} open on
   * this thread. With {@linkplain Grad#detectAnomaly() anomaly detection} on, an output holding a
   * NaN or an infinity throws an {@link AnomalyException}.
   */
  public final Tensor apply(Tensor... inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(name() + ": inputs must not be null");
    }
    boolean record = false;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new IllegalArgumentException(name() + ": input " + i + " is null");
      }
      record |= inputs[i].requiresGrad();
    }
    // One thread-local look-up gives the recording flag, the anomaly flag and the name scope.
    Grad.State state = Grad.state();
    boolean recording = state.enabled;
    record &= recording;
    OpContext ctx = new OpContext(name(), inputs, recording);
    Tensor out;
    state.enabled = false; // forward runs with recording off, as inside Grad.disabled()
    try {
      out = forward(ctx, inputs);
    } finally {
      state.enabled = recording;
    }
    if (out == null) {
      throw new IllegalStateException(name() + ": forward returned null");
    }
    if (state.anomaly) {
      AnomalyException.checkForward(this, inputs, out, state.scope);
    }
    if (!record || !out.dtype().isFloatingPoint()) {
      return out;
    }
    if (out.gradFn() != null || out.requiresGrad() || isOneOf(out, inputs)) {
      out = out.alias();
    }
    out.attach(new Node(this, ctx, inputs, out.shapeRef(), out.dtype(), state.scope));
    return out;
  }

  private static boolean isOneOf(Tensor t, Tensor[] ts) {
    for (Tensor x : ts) {
      if (x == t) {
        return true;
      }
    }
    return false;
  }

  /** Runs backward; the engine calls this. */
  final Tensor[] runBackward(OpContext ctx, Tensor gradOutput) {
    return backward(ctx, gradOutput);
  }
}
