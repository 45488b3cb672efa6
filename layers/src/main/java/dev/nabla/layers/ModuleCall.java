package dev.nabla.layers;

import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.Fmt;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How a module is run ({@link Module#apply}, {@link Module#predict}): the input check, the name
 * scope of its model path, the naming of the errors met inside, and the summary record.
 */
final class ModuleCall {
  private ModuleCall() {}

  /**
   * Runs {@code body} (the module's forward, or a fused forward) on {@code x} for {@code module},
   * inside the name scope {@code scopeName} (none when null): {@link Module#apply}'s work.
   */
  static Tensor run(Module module, String scopeName, Tensor x, UnaryOperator<Tensor> body) {
    if (x == null) {
      throw new IllegalArgumentException(module.label() + ": input must not be null");
    }
    // The ops recorded inside run in this module's name scope, so nodes (and anomaly messages)
    // carry their model path, "encoder.1"; a module that is no one's child opens none.
    try (var _ = scopeName == null ? null : Grad.scope(scopeName)) {
      Tensor out;
      try {
        module.checkInput(x);
      } catch (IllegalArgumentException e) {
        throw e.getClass() == IllegalArgumentException.class
            ? new LayerError(e.getMessage(), e) // already names this module
            : e;
      }
      try {
        out = body.apply(x);
      } catch (IllegalArgumentException e) {
        if (e.getClass() != IllegalArgumentException.class) {
          throw e; // a child module's LayerError, already named, or an exception of the user's own
        }
        // An op's own check (layers do not repeat them): name the layer and its place in the model.
        // A message of this module's own (a parameter look-up in forward) already names it.
        throw new LayerError(
            Fmt.attributed(module.label(), Grad.scopePath(), String.valueOf(e.getMessage())), e);
      }
      if (out == null) {
        throw new IllegalStateException(module.label() + ": forward returned null");
      }
      Summary.record(module, out);
      return out;
    }
  }

  /**
   * {@link Module#predict}'s work: {@code module} applied to {@code x} in evaluation mode with
   * recording off, every module's mode put back afterwards; a model wholly in evaluation mode is
   * not touched.
   */
  static Tensor predict(Module module, Tensor x) {
    Map<Module, Boolean> modes = module.modes();
    boolean switched = modes.containsValue(true);
    if (switched) {
      module.eval();
    }
    try (var _ = Grad.disabled()) {
      return module.apply(x);
    } finally {
      if (switched) {
        modes.forEach(Module::setTrainingFlag);
      }
    }
  }

  /**
   * A bad input, named by the module that met it (its own {@link Module#checkInput} or an op it
   * ran): the marker lets the enclosing modules pass it on unchanged.
   */
  private static final class LayerError extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    LayerError(String message, IllegalArgumentException cause) {
      super(message, cause);
    }
  }
}
