package dev.nabla.core;

/**
 * Per-thread modes of the graph: whether ops record, whether anomaly detection is on, and the name
 * scope ops are recorded in.
 *
 * <pre>{@code
 * try (var _ = Grad.disabled()) {
 *   Tensor y = model(x);   // nothing is recorded, no graph is kept
 * }
 *
 * try (var _ = Grad.detectAnomaly()) {
 *   model.apply(x).sum().backward();   // the first NaN or Inf stops with an AnomalyException
 * }
 * }</pre>
 *
 * <p>Every mode belongs to the thread that set it: another thread computing at the same time is not
 * affected. All three live in one per-thread object, so an op reads them with one thread-local
 * look-up.
 */
public final class Grad {
  /** The modes of one thread; read once per op by {@link Op#apply}. */
  static final class State {
    boolean enabled = true;
    boolean anomaly;

    /** The innermost open name scope, or null at the top level. */
    NameScope scope;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private Grad() {}

  /** This thread's modes (one thread-local look-up). */
  static State state() {
    return STATE.get();
  }

  /** Whether ops on this thread record graph nodes. */
  public static boolean isEnabled() {
    return STATE.get().enabled;
  }

  /** Turns recording off on this thread until the returned scope is closed. Scopes nest. */
  public static Scope disabled() {
    return set(false, false);
  }

  /** Turns recording on on this thread (inside a disabled scope) until the scope is closed. */
  public static Scope enabled() {
    return set(false, true);
  }

  /**
   * Turns anomaly detection on on this thread until the returned scope is closed (it is off by
   * default). While it is on, every op checks the output of its forward pass, and every backward
   * pass run on this thread checks each gradient an op's backward returns; the first one that holds
   * a NaN or an infinity stops the computation with an {@link AnomalyException} naming the op,
   * forward or backward, the op's input shapes and the {@linkplain #scope name scope} (the model
   * path) it was recorded in. The checks read every element, so the mode is for finding a fault,
   * not for production runs; off, it costs nothing measurable.
   */
  public static Scope detectAnomaly() {
    return set(true, true);
  }

  /** Whether anomaly detection is on on this thread ({@link #detectAnomaly()}). */
  public static boolean isAnomalyDetectionEnabled() {
    return STATE.get().anomaly;
  }

  private static Scope set(boolean anomalyFlag, boolean on) {
    State s = STATE.get();
    boolean previous = anomalyFlag ? s.anomaly : s.enabled;
    if (anomalyFlag) {
      s.anomaly = on;
    } else {
      s.enabled = on;
    }
    return new Scope(s, anomalyFlag, previous);
  }

  /**
   * Opens a name scope on this thread: the nodes recorded until it is closed remember the dotted
   * path of the open scopes ({@code "encoder"} inside nothing, {@code "encoder.1"} inside {@code
   * "encoder"}), which {@link Node#scopePath()} and anomaly messages report. The layers' {@code
   * Module.apply} opens one per module with the name it is registered under, so the path of an op
   * is where it sits in the model. Opening a scope is cheap (one thread-local look-up and one small
   * object; the dotted string is only built when asked for).
   *
   * @param name a non-empty name
   * @throws IllegalArgumentException when {@code name} is null or empty
   */
  public static NameScope scope(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "Grad.scope: expected a non-empty name, got " + (name == null ? "null" : "''"));
    }
    State s = STATE.get();
    NameScope scope = new NameScope(s, s.scope, name);
    s.scope = scope;
    return scope;
  }

  /** The dotted path of this thread's open name scopes, {@code ""} when none is open. */
  public static String scopePath() {
    NameScope s = STATE.get().scope;
    return s == null ? "" : s.path();
  }

  /**
   * Restores the previous mode when closed. Not thread-safe: close it on the thread that opened it.
   */
  public static final class Scope implements AutoCloseable {
    private final State state;
    private final boolean anomalyFlag;
    private final boolean previous;
    private boolean closed;

    private Scope(State state, boolean anomalyFlag, boolean previous) {
      this.state = state;
      this.anomalyFlag = anomalyFlag;
      this.previous = previous;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        if (anomalyFlag) {
          state.anomaly = previous;
        } else {
          state.enabled = previous;
        }
      }
    }
  }

  /**
   * An open name scope ({@link #scope(String)}); closing it makes its parent the innermost scope
   * again. Close it on the thread that opened it. Nodes keep a reference to it after it is closed,
   * to report their path.
   */
  public static final class NameScope implements AutoCloseable {
    private final State state;
    private final NameScope parent;
    private final String name;
    private String path;
    private boolean closed;

    private NameScope(State state, NameScope parent, String name) {
      this.state = state;
      this.parent = parent;
      this.name = name;
    }

    /** This scope's own name, as given to {@link Grad#scope(String)}. */
    public String name() {
      return name;
    }

    /** The names from the outermost open scope to this one, joined with dots. */
    public String path() {
      String p = path;
      if (p == null) {
        p = parent == null ? name : parent.path() + "." + name;
        path = p; // a benign race: every thread computes the same immutable string
      }
      return p;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        state.scope = parent;
      }
    }

    @Override
    public String toString() {
      return path();
    }
  }
}
