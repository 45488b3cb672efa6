package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.core.internal.shared.ReplacedParameters;
import dev.nabla.layers.internal.Fmt;
import dev.nabla.layers.internal.ModuleChecks;
import dev.nabla.layers.internal.StateDicts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A building block of a network, as PyTorch's {@code nn.Module}: it owns parameters (trained
 * tensors), buffers (state that is saved but not trained, such as BatchNorm's running statistics)
 * and child modules, and maps one input tensor to one output tensor.
 *
 * <pre>{@code
 * Module model = new Sequential(new Dense(784, 100), new ReLU(), new Dense(100, 10));
 * Tensor logits = model.apply(x);                 // checks x, then runs forward(x)
 * model.namedParameters().keySet();               // [0.weight, 0.bias, 2.weight, 2.bias]
 * System.out.println(model.summary(1, 784));      // layer, output shape, parameter count per row
 * }</pre>
 *
 * <p>A subclass registers what it owns in its constructor ({@link #registerParameter}, {@link
 * #registerBuffer}, {@link #registerModule}), implements {@link #forward} and, for a clear error on
 * bad input, overrides {@link #checkInput}. Callers use {@link #apply}, which checks the input and
 * then runs {@code forward} (like calling a PyTorch module rather than its {@code forward}); a
 * module is therefore also a {@code UnaryOperator<Tensor>}.
 *
 * <p>Names are dotted paths in registration order: a parameter {@code weight} of the child {@code
 * 1} of the child {@code encoder} is {@code "encoder.1.weight"}. A module or tensor reachable by
 * two paths (weight tying) is listed once, under the first. Modules start in training mode.
 * Parameters are FLOAT32 unless the module is converted with {@link #to(DType)}. A layer built
 * without a seed draws one from the global generator ({@link dev.nabla.core.Nabla#manualSeed}).
 *
 * <p>Threads: a module in {@linkplain #eval() evaluation mode} may run forward passes from many
 * threads at once, and each gets the answer a single thread would, bit for bit: evaluation only
 * reads the parameters and buffers (Dropout is the identity, BatchNorm uses its running
 * statistics), and the graph modes and name scopes it uses are per thread. Everything that changes
 * the module (training-mode forward passes, which draw Dropout masks and update BatchNorm's
 * statistics; {@link #train()}/{@link #eval()}; {@link #to}; {@link #loadStateDict}; {@link
 * #setParameter}; optimizer steps) must stay on one thread, with no evaluation running meanwhile.
 */
public abstract class Module implements UnaryOperator<Tensor> {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** The name this module was first registered under in a parent: the name scope apply opens. */
  private String scopeName;

  /** For subclasses, which register their parameters, buffers and children in their constructor. */
  protected Module() {}

  // ---------------------------------------------------------------- computation

  /** The computation, on an input that {@link #checkInput} accepted. Callers use {@link #apply}. */
  public abstract Tensor forward(Tensor x);

  /**
   * Checks {@code x} with {@link #checkInput} and returns {@link #forward}{@code (x)}: the way to
   * run a module. A module registered in a parent runs inside a {@linkplain Grad#scope name scope}
   * of the name it is registered under, so the graph's nodes and {@linkplain Grad#detectAnomaly()
   * anomaly} messages carry its dotted model path ({@code "encoder.1"}, as in {@link
   * #namedModules()}).
   *
   * @throws IllegalArgumentException naming this module, when the input does not fit it
   */
  @Override
  public final Tensor apply(Tensor x) {
    return apply(x, this::forward);
  }

  /**
   * {@link #apply(Tensor)} with {@code body} in place of {@link #forward}: the same checks, name
   * scope and summary record, for a container that runs this module fused with the next one.
   */
  final Tensor apply(Tensor x, UnaryOperator<Tensor> body) {
    return ModuleCall.run(this, scopeName, x, body);
  }

  /**
   * The output for {@code x} in evaluation mode with recording off, as PyTorch's {@code
   * model.eval(); with torch.no_grad(): model(x)}: Dropout is the identity, BatchNorm uses (and
   * does not update) its running statistics, and the result has no graph (no {@link
   * Tensor#gradFn()}, no gradient required). Every module's own mode is put back afterwards, also
   * when the forward pass fails. A model already wholly in evaluation mode is not touched, so
   * {@code predict} may run on it from many threads at once; on a model in training mode it changes
   * the modes while it runs, like {@link #eval()}.
   *
   * @throws IllegalArgumentException naming the module, when the input does not fit it
   */
  public final Tensor predict(Tensor x) {
    return ModuleCall.predict(this, x);
  }

  /**
   * Rejects an input this module cannot take, with a message that names the module and the expected
   * and actual shape or dtype. The default accepts a floating-point input whose dtype matches this
   * module's own parameters; layers extend it with their shape checks.
   */
  protected void checkInput(Tensor x) {
    ModuleChecks.checkInputDType(label(), x, ownDType());
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers a trained tensor under {@code name} (no dots), marks it as requiring grad and returns
   * it. It must be a floating-point leaf.
   */
  protected final Tensor registerParameter(String name, Tensor value) {
    checkNewName("registerParameter", name);
    ModuleChecks.checkParameter(label(), name, value);
    value.requiresGrad(true);
    parameters.put(name, value);
    ReplacedParameters.registered(value); // a tensor a module replaced may be registered anew
    return value;
  }

  /**
   * Registers state that is saved with the parameters but not trained (running statistics) under
   * {@code name}; returns it. A buffer must not require grad: layers change it in place.
   */
  protected final Tensor registerBuffer(String name, Tensor value) {
    checkNewName("registerBuffer", name);
    ModuleChecks.checkBuffer(label(), name, value);
    buffers.put(name, value);
    return value;
  }

  /** Registers a child module under {@code name}; returns it. */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkNewName("registerModule", name);
    if (module == null) {
      throw ModuleChecks.argument(label(), "registerModule", name, "is null");
    }
    if (((Module) module).allModules().containsKey(this)) {
      throw ModuleChecks.argument(
          label(),
          "registerModule",
          name,
          "would make a cycle: " + module.label() + " is or contains this module");
    }
    children.put(name, module);
    Module child = module;
    // a module shared by two parents keeps its first name, as in namedModules
    if (child.scopeName == null) {
      child.scopeName = name;
    }
    return module;
  }

  /**
   * This module's own parameter {@code name}: the current tensor, which {@link #setParameter} may
   * have replaced.
   */
  protected final Tensor parameter(String name) {
    Tensor t = parameters.get(name);
    if (t == null) {
      throw ModuleChecks.missing(label(), "parameter", name, parameters.keySet());
    }
    return t;
  }

  /** This module's own buffer {@code name}. */
  protected final Tensor buffer(String name) {
    Tensor t = buffers.get(name);
    if (t == null) {
      throw ModuleChecks.missing(label(), "buffer", name, buffers.keySet());
    }
    return t;
  }

  /**
   * Replaces the parameter at the dotted path {@code name} by {@code value}, a leaf of the same
   * shape and dtype that is then used as it is, by reference, as PyTorch's {@code module.weight =
   * param}: for weight tying, or to evaluate the module at other parameter values (what a gradient
   * check does). Gradients flow to {@code value} when it requires grad; its flag is left as given.
   *
   * <p>An optimizer built before holds the old tensor, which the module no longer uses: rather than
   * train it silently, that optimizer's next {@code step()} fails naming the parameter and this
   * call. Build optimizers after replacing parameters; to change only a parameter's values and keep
   * the tensor an optimizer holds, write them in place instead: {@code
   * model.namedParameters().get(name).setData(value)} (PyTorch's {@code param.data = value}) or,
   * with recording off, {@code copyFrom(value)}.
   */
  public final void setParameter(String name, Tensor value) {
    Module owner = this;
    String local = name == null ? "" : name;
    int dot;
    while (owner != null && (dot = local.indexOf('.')) >= 0) {
      owner = owner.children.get(local.substring(0, dot));
      local = local.substring(dot + 1);
    }
    Tensor old = owner == null ? null : owner.parameters.get(local);
    if (old == null) {
      throw ModuleChecks.noParameterAt(label(), name, namedParameters().keySet());
    }
    ModuleChecks.checkReplacement(label(), name, old, value);
    owner.parameters.put(local, value);
    ReplacedParameters.replaced(old, value, label() + ".setParameter('" + name + "')");
  }

  // ---------------------------------------------------------------- queries

  /** Every parameter with its dotted name, in registration order (own first, then each child's). */
  public final LinkedHashMap<String, Tensor> namedParameters() {
    return named(m -> m.parameters);
  }

  /** The parameters in the order of {@link #namedParameters()}: what an optimizer updates. */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Every buffer with its dotted name, in registration order. */
  public final LinkedHashMap<String, Tensor> namedBuffers() {
    return named(m -> m.buffers);
  }

  /** The tensors {@code own} gives of every module below, by dotted name, each tensor once. */
  private LinkedHashMap<String, Tensor> named(Function<Module, Map<String, Tensor>> own) {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(
        (prefix, m) ->
            own.apply(m)
                .forEach(
                    (n, t) -> {
                      if (seen.add(t)) {
                        out.put(prefix + n, t);
                      }
                    }));
    return out;
  }

  /** The direct children with their names. */
  public final LinkedHashMap<String, Module> namedChildren() {
    return new LinkedHashMap<>(children);
  }

  /** Every module below this one (not this one) with its dotted name, parents before children. */
  public final LinkedHashMap<String, Module> namedModules() {
    LinkedHashMap<String, Module> out = new LinkedHashMap<>();
    walk(
        (prefix, m) -> {
          if (m != this) {
            out.put(prefix.substring(0, prefix.length() - 1), m);
          }
        });
    return out;
  }

  /** Number of parameter elements, trainable or not (buffers are not counted). */
  public final long parameterCount() {
    long n = 0;
    for (Tensor t : parameters()) {
      n += t.size();
    }
    return n;
  }

  // ---------------------------------------------------------------- modes and gradients

  /** Puts this module and every module below it in training mode; returns this. */
  public final Module train() {
    return train(true);
  }

  /** Puts this module and every module below it in evaluation mode; returns this. */
  public final Module eval() {
    return train(false);
  }

  /** Training mode when {@code mode}, evaluation mode otherwise, recursively; returns this. */
  public final Module train(boolean mode) {
    walk((prefix, m) -> m.training = mode);
    return this;
  }

  /** Whether this module is in training mode (Dropout drops, BatchNorm uses batch statistics). */
  public final boolean isTraining() {
    return training;
  }

  /** Forgets the accumulated gradient of every parameter. */
  public final void zeroGrad() {
    for (Tensor p : parameters()) {
      p.zeroGrad();
    }
  }

  /**
   * Converts every parameter and floating-point buffer to {@code dtype} in place, as PyTorch's
   * {@code model.double()}: each tensor keeps its identity and gets new data of the other dtype
   * ({@link Tensor#setData}), so an optimizer built before the conversion still updates the
   * parameters the model uses (it converts its own state, such as Adam's moments, on its next
   * step), tied parameters stay tied, and requiresGrad is unchanged. Accumulated gradients are
   * dropped (they have the old dtype), and a graph recorded before the conversion can no longer be
   * differentiated. Views taken earlier (a {@link #stateDict()} entry, a reshape) keep the old
   * values. Returns this.
   */
  public final Module to(DType dtype) {
    if (dtype == null || !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          label() + ": to: expected FLOAT32 or FLOAT64, got " + dtype);
    }
    Set<Tensor> done = Collections.newSetFromMap(new IdentityHashMap<>());
    walk(
        (prefix, m) -> {
          for (Tensor t : m.parameters.values()) {
            convertInPlace(t, dtype, done);
          }
          for (Tensor t : m.buffers.values()) {
            if (t.dtype().isFloatingPoint()) {
              convertInPlace(t, dtype, done);
            }
          }
        });
    return this;
  }

  private static void convertInPlace(Tensor t, DType dtype, Set<Tensor> done) {
    if (done.add(t) && t.dtype() != dtype) {
      t.setData(t.detach().to(dtype));
    }
  }

  // ---------------------------------------------------------------- state

  /**
   * Parameters and buffers by dotted name (each module's parameters, then its buffers, then its
   * children's), as detached tensors sharing storage with the module's: what a checkpoint saves.
   */
  public final LinkedHashMap<String, Tensor> stateDict() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    liveState().forEach((n, t) -> out.put(n, t.detach()));
    return out;
  }

  /**
   * Copies {@code state} into the parameters and buffers, in place. The keys must be exactly those
   * of {@link #stateDict()}, with the same shapes and dtypes; otherwise nothing is loaded and the
   * message lists every mismatch (missing and unexpected keys, shape and dtype differences).
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    if (state == null) {
      throw new IllegalArgumentException(label() + ": loadStateDict: state must not be null");
    }
    LinkedHashMap<String, Tensor> live = liveState();
    StateDicts.requireFits(label() + ": loadStateDict", live, state);
    try (var _ = Grad.disabled()) {
      live.forEach((n, t) -> t.copyFrom(state.get(n)));
    }
  }

  // ---------------------------------------------------------------- summary and text

  /**
   * A table like Keras' {@code model.summary()}: one row per layer that ran (dotted name, type,
   * output shape, parameter count), then the total, trainable and non-trainable parameter counts.
   * The output shapes come from a forward pass on zeros of {@code inputShape} (batch dimension
   * included) in evaluation mode with recording off; every module's mode is restored afterwards.
   * Rows list the leaf modules (and any container with parameters of its own) that ran through
   * {@link #apply}, in the order they ran.
   */
  public final String summary(int... inputShape) {
    return Summary.of(this, inputShape);
  }

  /**
   * What this module shows between parentheses in {@link #toString()} and error messages, as
   * PyTorch's {@code extra_repr}: {@code "784 -> 100"} for a Dense layer; empty by default.
   */
  protected String extraRepr() {
    return "";
  }

  /**
   * This module followed by {@code next} as one fused op, with both recorded (summary, name scope)
   * as if they had run one after the other; {@code null}, having run nothing, when this module does
   * not fuse with {@code next} (the default). {@link Sequential} asks each child: a layer declares
   * its own fusion patterns here (Dense with ReLU), and the container knows no layer types.
   */
  Tensor applyFused(Tensor x, Module next) {
    return null;
  }

  /**
   * As {@link #applyFused(Tensor, Module)} for this module followed by {@code next} and {@code
   * after} (Conv2d, ReLU, MaxPool2d); {@link Sequential} asks this first.
   */
  Tensor applyFused(Tensor x, Module next, Module after) {
    return null;
  }

  /**
   * The one-line name used in error messages: the class name followed by {@link #extraRepr()} in
   * parentheses when there is one, e.g. {@code Dense(784 -> 100)} or {@code Tanh}.
   */
  protected final String label() {
    return Fmt.label(typeName(), extraRepr());
  }

  /**
   * PyTorch's repr: {@code Dense(784 -> 100)}, {@code Tanh()}, and for a module with children one
   * line per child, {@code (name): child}, indented.
   */
  @Override
  public String toString() {
    return Fmt.repr(typeName(), extraRepr(), children);
  }

  // ---------------------------------------------------------------- internals

  private String typeName() {
    String s = getClass().getSimpleName();
    return s.isEmpty() ? "Module" : s;
  }

  /** Visits this module and every module below it once, parents first, with its dotted prefix. */
  private void walk(BiConsumer<String, Module> visitor) {
    walk("", Collections.newSetFromMap(new IdentityHashMap<>()), visitor);
  }

  private void walk(String prefix, Set<Module> seen, BiConsumer<String, Module> visitor) {
    if (!seen.add(this)) {
      return;
    }
    visitor.accept(prefix, this);
    children.forEach((n, m) -> m.walk(prefix + n + ".", seen, visitor));
  }

  /** This module ("") and every module below it with its dotted name. */
  IdentityHashMap<Module, String> allModules() {
    IdentityHashMap<Module, String> out = new IdentityHashMap<>();
    walk(
        (prefix, m) ->
            out.put(m, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1)));
    return out;
  }

  /** Each module's parameters then buffers, then its children's, by dotted name: live tensors. */
  private LinkedHashMap<String, Tensor> liveState() {
    LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
    walk(
        (prefix, m) -> {
          m.parameters.forEach((n, t) -> out.put(prefix + n, t));
          m.buffers.forEach((n, t) -> out.put(prefix + n, t));
        });
    return out;
  }

  /** The dtype of this module's own first floating-point parameter or buffer, or null. */
  private DType ownDType() {
    for (Tensor t : parameters.values()) {
      return t.dtype();
    }
    for (Tensor t : buffers.values()) {
      if (t.dtype().isFloatingPoint()) {
        return t.dtype();
      }
    }
    return null;
  }

  private void checkNewName(String method, String name) {
    ModuleChecks.checkNewName(label(), method, name, parameters, buffers, children);
  }

  /** This module's own parameters (not its children's), for {@link Summary}. */
  Map<String, Tensor> ownParameters() {
    return Collections.unmodifiableMap(parameters);
  }

  /** Whether this module has child modules. */
  boolean hasChildren() {
    return !children.isEmpty();
  }

  /**
   * The mode of this module and of every module below it; {@link #setTrainingFlag} restores one.
   */
  Map<Module, Boolean> modes() {
    Map<Module, Boolean> modes = new IdentityHashMap<>();
    walk((prefix, m) -> modes.put(m, m.training));
    return modes;
  }

  /** Sets this module's mode only (not its children's), to restore the {@link #modes()}. */
  void setTrainingFlag(boolean mode) {
    training = mode;
  }
}
