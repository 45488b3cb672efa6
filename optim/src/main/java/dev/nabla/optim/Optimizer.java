package dev.nabla.optim;

import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.Gradients;
import dev.nabla.core.internal.shared.ReplacedParameters;
import dev.nabla.optim.internal.Checks;
import dev.nabla.optim.internal.StateDictChecks;
import dev.nabla.optim.internal.ThreadOwner;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates a fixed list of parameters from their gradients, as {@code torch.optim.Optimizer}.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(List.of(w, b), 1e-3);
 * for (...) {
 *   opt.zeroGrad();
 *   Tensor loss = ...;          // computed from w and b
 *   loss.backward();
 *   opt.step();
 * }
 * }</pre>
 *
 * <p>Parameters are leaf tensors that {@linkplain Tensor#requiresGrad() require grad}, FLOAT32 or
 * FLOAT64. Given as a list they are named {@code "0"}, {@code "1"}, ...; given as a map (a module's
 * named parameters) they keep its names. {@link #step()} skips parameters whose {@link
 * Tensor#grad()} is null, as PyTorch does, and writes the others' storage in place, in one fused
 * pass per parameter that allocates nothing.
 *
 * <p>The state (per-parameter buffers such as Adam's moments, step counts and the learning rate) is
 * exported by {@link #stateDict()} as named tensors, for instance {@code "0.weight.exp_avg"}, and
 * restored by {@link #loadStateDict(Map)}, so that training resumes bit-for-bit. Unlike PyTorch,
 * which creates a parameter's state on its first update, the buffers are allocated (as zeros, with
 * a step count of 0) when the optimizer is created, so the exported keys never change.
 *
 * <p>The optimizer holds the parameter tensors themselves. A module converted after it was built
 * ({@code model.to(FLOAT64)}, which converts in place) is still trained, and each converted
 * parameter's state is converted to the new dtype on the next step. A parameter a module replaced
 * by another tensor ({@code Module.setParameter}) makes the next {@link #step()} fail naming it,
 * instead of training a tensor the model no longer uses.
 *
 * <p>Because updates write the parameters' storage directly, a graph recorded before {@code step()}
 * that saved a parameter must not be back-propagated afterwards: compute the loss, call {@code
 * backward()}, then {@code step()}.
 *
 * <p>Training state belongs to one thread. The first thread to call {@link #step()} or {@link
 * #zeroGrad()} owns the optimizer; a call from another thread throws an {@link
 * IllegalStateException} naming both threads, instead of racing on the parameters' storage and
 * gradients. A program that moves training to another thread on purpose (after the first thread is
 * done with it) calls {@link #bindToCurrentThread()} there first. Evaluating the model from other
 * threads, in evaluation mode, needs no optimizer and is safe.
 *
 * <p>Subclasses declare their per-parameter state fields in the constructor and implement {@link
 * #update}; the base class owns parameter validation, stepping, naming and the state dictionary.
 */
public abstract class Optimizer {
  /** Where optimizers report (java.util.logging unless another System.Logger backend is set). */
  static final String LOGGER = "dev.nabla.optim";

  private static final System.Logger LOG = System.getLogger(LOGGER);

  private final String name;
  private final Tensor[] params;
  private final String[] names;
  private final String[] stateFields;

  /** {@code state[i][f]}: buffer {@code stateFields[f]} of parameter {@code i}, made up front. */
  private final Tensor[][] state;

  /** Updates each parameter has received; PyTorch keeps this per parameter too ("step"). */
  private final long[] paramSteps;

  private double lr;

  /** The learning rate schedules start from (PyTorch's "initial_lr"); fixed once one attaches. */
  private double initialLr;

  private boolean initialLrFixed;
  private long stepCount;
  private final ThreadOwner owner = new ThreadOwner();

  /** Whether a step without any gradient was reported: once per optimizer. */
  private boolean warnedNoGradient;

  /**
   * An optimizer over {@code params}, named {@code "0"}, {@code "1"}, ... in the state dictionary.
   *
   * @param name the optimizer's name, used in error messages ("SGD")
   * @param stateFields names of the per-parameter buffers {@link #update} receives, in that order
   */
  protected Optimizer(String name, List<Tensor> params, double lr, String... stateFields) {
    this(name, indexed(name, params), lr, stateFields);
  }

  /**
   * An optimizer over named parameters; the map's iteration order is the update order.
   *
   * @param name the optimizer's name, used in error messages ("SGD")
   * @param stateFields names of the per-parameter buffers {@link #update} receives, in that order
   */
  protected Optimizer(String name, Map<String, Tensor> params, double lr, String... stateFields) {
    this.name = name;
    Checks.notNull(name, "params", params);
    if (params.isEmpty()) {
      throw new IllegalArgumentException(name + ": got an empty parameter list");
    }
    this.lr = checkLearningRate(name, lr);
    this.initialLr = lr;
    this.stateFields = stateFields.clone();
    int n = params.size();
    this.params = new Tensor[n];
    this.names = new String[n];
    this.state = new Tensor[n][stateFields.length];
    this.paramSteps = new long[n];
    Map<Tensor, String> seen = new IdentityHashMap<>();
    Set<String> keys = new HashSet<>();
    int i = 0;
    for (Map.Entry<String, Tensor> e : params.entrySet()) {
      String pname = e.getKey();
      Tensor p = e.getValue();
      checkParameter(name, pname, p, seen);
      this.params[i] = p;
      this.names[i] = pname;
      for (int f = 0; f < stateFields.length; f++) {
        state[i][f] = Tensor.zeros(p.dtype(), p.shape());
      }
      for (String key : StateDictChecks.paramKeys(pname, stateFields)) {
        if (!keys.add(key)) {
          throw new IllegalArgumentException(
              name
                  + ": parameter names give the state key '"
                  + key
                  + "' twice; rename a parameter");
        }
      }
      i++;
    }
  }

  private static Map<String, Tensor> indexed(String name, List<Tensor> params) {
    Checks.notNull(name, "params", params);
    Map<String, Tensor> named = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      named.put(Integer.toString(i), params.get(i));
    }
    return named;
  }

  private static void checkParameter(
      String name, String pname, Tensor p, Map<Tensor, String> seen) {
    if (pname == null || pname.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": parameter names must be non-empty, got " + (pname == null ? "null" : "''"));
    }
    if (p == null) {
      throw new IllegalArgumentException(name + ": parameter '" + pname + "' is null");
    }
    if (!p.isLeaf()) {
      throw new IllegalArgumentException(
          name
              + ": parameter '"
              + pname
              + "' is not a leaf: it was computed by "
              + p.gradFn().opName()
              + "; optimize the leaf tensors it was computed from");
    }
    if (!p.requiresGrad()) {
      throw new IllegalArgumentException(
          name
              + ": parameter '"
              + pname
              + "' does not require grad; call requiresGrad(true) on it");
    }
    String other = seen.putIfAbsent(p, pname);
    if (other != null) {
      throw new IllegalArgumentException(
          name
              + ": parameter '"
              + pname
              + "' is the same tensor as parameter '"
              + other
              + "'; each parameter must appear once");
    }
  }

  static double checkLearningRate(String owner, double lr) {
    return Checks.nonNegative(owner, "lr", lr);
  }

  // ---------------------------------------------------------------- stepping

  /**
   * Updates in place, with the current learning rate, every parameter whose gradient is not null;
   * parameters without a gradient (not reached by the last backward) keep their value and state.
   * The first step in which no parameter has a gradient (backward not called, or the model trains
   * other tensors than these) is reported once, as a WARNING to the {@code System.Logger} named
   * {@code "dev.nabla.optim"}.
   *
   * @throws IllegalStateException naming the parameter, when a module replaced one of the
   *     parameters ({@code Module.setParameter}) after this optimizer was built
   */
  public final void step() {
    owner.check(name + ".step");
    checkNotReplaced();
    stepCount++;
    int updated = 0;
    // nabla's own optimizers (final or sealed) keep no reference to the gradient they are given,
    // so reading it does not hand it out and zeroGrad() can reuse its storage; a user's subclass
    // gets it through grad(), as any other caller.
    boolean builtIn = this instanceof SGD || this instanceof Adam || this instanceof RMSprop;
    for (int i = 0; i < params.length; i++) {
      Tensor p = params[i];
      Tensor g = builtIn ? Gradients.forUpdate(p) : p.grad();
      if (g == null) {
        continue;
      }
      updated++;
      if (g.dtype() != p.dtype() || g.size() != p.size()) {
        throw new IllegalStateException(
            name
                + ".step: the gradient of parameter '"
                + names[i]
                + "' is "
                + g.dtype()
                + " "
                + Arrays.toString(g.shape())
                + ", expected "
                + p.dtype()
                + " "
                + Arrays.toString(p.shape()));
      }
      fitState(i, name + ".step");
      update(p, g, state[i], ++paramSteps[i]);
      p.markModified(); // a graph recorded before this step can no longer be differentiated
    }
    if (updated == 0 && !warnedNoGradient) {
      warnedNoGradient = true;
      LOG.log(
          System.Logger.Level.WARNING,
          name
              + ".step: none of its "
              + params.length
              + " parameter"
              + (params.length == 1 ? " has" : "s has")
              + " a gradient, so nothing was updated "
              + "(said once per optimizer); call loss.backward() before step(), and check that the "
              + "model still uses the tensors this "
              + name
              + " was built with");
    }
  }

  /**
   * Fails, before anything is updated, when a module replaced one of the parameters by another
   * tensor ({@code Module.setParameter}) after this optimizer was built: the model no longer uses
   * the tensor this optimizer would update.
   */
  private void checkNotReplaced() {
    for (int i = 0; i < params.length; i++) {
      String where = ReplacedParameters.replacedAt(params[i]);
      if (where != null) {
        throw new IllegalStateException(
            name
                + ".step: parameter '"
                + names[i]
                + "' was replaced by "
                + where
                + " after this "
                + name
                + " was built, so the model no longer uses the tensor this "
                + name
                + " updates; build the optimizer after replacing parameters, or keep the "
                + "parameter and change its values in place (param.setData(value))");
      }
    }
  }

  /**
   * Brings parameter {@code i}'s state to the parameter's dtype: a parameter converted in place
   * ({@code Module.to}, {@link Tensor#setData}) after this optimizer was built keeps its state,
   * such as Adam's moments, converted to the new dtype (as PyTorch's {@code load_state_dict} casts
   * state to its parameter's dtype). A parameter whose shape changed has no state that fits: that
   * fails.
   */
  private void fitState(int i, String owner) {
    Tensor p = params[i];
    for (int f = 0; f < stateFields.length; f++) {
      Tensor s = state[i][f];
      if (!sameShape(s, p)) {
        throw new IllegalStateException(
            owner
                + ": parameter '"
                + names[i]
                + "' is now "
                + Arrays.toString(p.shape())
                + " but was "
                + Arrays.toString(s.shape())
                + " when this "
                + name
                + " was built, so its state '"
                + stateFields[f]
                + "' no longer fits; build a new "
                + name
                + " for the reshaped parameters");
      }
      if (s.dtype() != p.dtype()) {
        state[i][f] = s.to(p.dtype());
      }
    }
  }

  /** Whether {@code a} and {@code b} have the same shape, compared without copying the shapes. */
  private static boolean sameShape(Tensor a, Tensor b) {
    if (a.rank() != b.rank()) {
      return false;
    }
    for (int d = 0; d < a.rank(); d++) {
      if (a.dim(d) != b.dim(d)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Updates one parameter in place from its gradient, writing {@link Tensor#floatStorage()} or
   * {@link Tensor#doubleStorage()} of the parameter and its state; must not allocate.
   *
   * @param param the parameter, FLOAT32 or FLOAT64
   * @param grad its gradient, of the same dtype and shape
   * @param state the parameter's buffers, in the order of the constructor's state fields, zeros
   *     before the first update
   * @param step how many updates this parameter has received, this one included (1 on the first)
   */
  protected abstract void update(Tensor param, Tensor grad, Tensor[] state, long step);

  /**
   * The hyper-parameters other than the learning rate, in a stable order, as {@link Double} or
   * {@link Boolean} values: exported by {@link #stateDict()} and required to match on load.
   */
  protected abstract Map<String, Object> hyperParameters();

  /** Forgets every parameter's gradient (sets it to null, as PyTorch's default). */
  public final void zeroGrad() {
    owner.check(name + ".zeroGrad");
    for (Tensor p : params) {
      p.zeroGrad();
    }
  }

  /**
   * Makes the calling thread the one this optimizer's {@link #step()} and {@link #zeroGrad()}
   * accept calls from, for a program that hands training over to another thread. Call it on the new
   * thread after the old one has stopped training (and after a happens-before edge such as {@code
   * Thread.join} or a {@code Future.get}, so the new thread sees the parameters as they were left).
   */
  public final void bindToCurrentThread() {
    owner.rebind();
  }

  /** The thread that owns this optimizer's training state, or null before the first step. */
  public final Thread ownerThread() {
    return owner.owner();
  }

  /** The learning rate the next {@link #step()} uses. */
  public final double learningRate() {
    return lr;
  }

  /** Sets the learning rate the next {@link #step()} uses; a schedule overwrites it on its step. */
  public final void setLearningRate(double lr) {
    this.lr = checkLearningRate(name + ".setLearningRate", lr);
    if (!initialLrFixed) {
      initialLr = lr;
    }
  }

  /** How many times {@link #step()} was called (restored by {@link #loadStateDict}). */
  public final long stepCount() {
    return stepCount;
  }

  /** The parameters, in update order (an unmodifiable view). */
  public final List<Tensor> params() {
    return Collections.unmodifiableList(Arrays.asList(params));
  }

  /** The parameters' names, in update order: the map's keys, or "0", "1", ... for a list. */
  public final List<String> paramNames() {
    return List.of(names);
  }

  /** The optimizer's name, as in its messages ("SGD"). */
  public final String name() {
    return name;
  }

  /**
   * The base learning rate of schedules (PyTorch's {@code initial_lr}): the learning rate when the
   * first schedule attached, or the current one while none has.
   */
  public final double initialLearningRate() {
    return initialLr;
  }

  /** Called by a schedule on creation: the base learning rate no longer follows setLearningRate. */
  final void fixInitialLearningRate() {
    initialLrFixed = true;
  }

  // ---------------------------------------------------------------- state

  /**
   * The state as named tensors (copies), enough to resume training: {@code "lr"}, {@code
   * "initial_lr"}, {@code "step"} and the other hyper-parameters (weight_decay, beta1, ...) as 0-d
   * FLOAT64 tensors (flags as 1 or 0), then for each parameter {@code "<name>.step"} (0-d FLOAT64)
   * and its buffers {@code "<name>.<field>"}, of the parameter's dtype and shape.
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("lr", Tensor.scalar(lr));
    out.put("initial_lr", Tensor.scalar(initialLr));
    out.put("step", Tensor.scalar((double) stepCount));
    hyperParameters().forEach((k, v) -> out.put(k, Tensor.scalar(StateDictChecks.asDouble(v))));
    for (int i = 0; i < params.length; i++) {
      fitState(i, name + ".stateDict");
      out.put(names[i] + ".step", Tensor.scalar((double) paramSteps[i]));
      for (int f = 0; f < stateFields.length; f++) {
        Tensor s = state[i][f];
        out.put(names[i] + "." + stateFields[f], Tensor.zeros(s.dtype(), s.shape()).copyFrom(s));
      }
    }
    return out;
  }

  /**
   * Restores a state exported by {@link #stateDict()} of an optimizer of the same kind, hyper-
   * parameters and parameter names, dtypes and shapes: the learning rate, step counts and buffers
   * are copied in. Nothing changes unless everything fits; otherwise the exception lists every
   * missing or unexpected key, every tensor of the wrong dtype or shape, every hyper-parameter that
   * differs and every invalid value.
   */
  public final void loadStateDict(Map<String, Tensor> saved) {
    String owner = name + ".loadStateDict";
    Checks.notNull(owner, "state", saved);
    Map<String, Object> hyper = hyperParameters();
    for (int i = 0; i < params.length; i++) {
      fitState(i, owner);
    }
    StateDictChecks.requireFits(owner, name, hyper, names, stateFields, state, saved);
    lr = saved.get("lr").item();
    initialLr = saved.get("initial_lr").item();
    initialLrFixed = true;
    stepCount = (long) saved.get("step").item();
    for (int i = 0; i < params.length; i++) {
      paramSteps[i] = (long) saved.get(names[i] + ".step").item();
      for (int f = 0; f < stateFields.length; f++) {
        state[i][f].copyFrom(saved.get(names[i] + "." + stateFields[f]));
      }
    }
  }

  /** For instance {@code Adam(lr=0.001, beta1=0.9, ...) over 4 parameters (235146 values)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append("(lr=").append(lr);
    hyperParameters().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
    long values = 0;
    for (Tensor p : params) {
      values += p.size();
    }
    sb.append(") over ").append(params.length);
    sb.append(params.length == 1 ? " parameter" : " parameters");
    return sb.append(" (").append(values).append(" values)").toString();
  }
}
