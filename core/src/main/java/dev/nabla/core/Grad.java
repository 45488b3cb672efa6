package dev.nabla.core;

/**
 * Gradient recording mode, per thread.
 *
 * <pre>{@code
 * try (var _ = Grad.disabled()) {
 *   Tensor y = model(x);   // nothing is recorded, no graph is kept
 * }
 * }</pre>
 */
public final class Grad {
  private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

  private Grad() {}

  /** Whether ops on this thread record graph nodes. */
  public static boolean isEnabled() {
    return ENABLED.get()[0];
  }

  /** Turns recording off on this thread until the returned scope is closed. Scopes nest. */
  public static Scope disabled() {
    return set(false);
  }

  /** Turns recording on on this thread (inside a disabled scope) until the scope is closed. */
  public static Scope enabled() {
    return set(true);
  }

  private static Scope set(boolean on) {
    boolean[] flag = ENABLED.get();
    boolean previous = flag[0];
    flag[0] = on;
    return new Scope(flag, previous);
  }

  /** Restores the previous mode when closed. Not thread-safe: close it on the thread that opened it. */
  public static final class Scope implements AutoCloseable {
    private final boolean[] flag;
    private final boolean previous;
    private boolean closed;

    private Scope(boolean[] flag, boolean previous) {
      this.flag = flag;
      this.previous = previous;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        flag[0] = previous;
      }
    }
  }
}
