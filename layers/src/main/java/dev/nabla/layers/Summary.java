package dev.nabla.layers;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.layers.internal.SummaryTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** {@link Module#summary}: the recorded forward pass on zeros and the rows it yields. */
final class Summary {
  /** The modules applied on this thread while a summary runs, with their output shapes. */
  private static final ThreadLocal<List<Call>> CALLS = new ThreadLocal<>();

  private Summary() {}

  /** Called by {@link Module#apply} after each forward pass; records only while a summary runs. */
  static void record(Module module, Tensor out) {
    List<Call> calls = CALLS.get();
    if (calls != null) {
      calls.add(new Call(module, out.shape()));
    }
  }

  /** Whether a summary is recording on this thread (fusions that hide a module's output wait). */
  static boolean recording() {
    return CALLS.get() != null;
  }

  static String of(Module root, int[] inputShape) {
    if (inputShape == null || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException(
          root.label()
              + ": summary: expected an input shape with dimensions >= 1, got "
              + Arrays.toString(inputShape));
    }
    IdentityHashMap<Module, String> names = root.allModules();
    Map<Module, Boolean> modes = root.modes();
    List<Call> previous = CALLS.get();
    List<Call> calls = new ArrayList<>();
    Tensor out;
    CALLS.set(calls);
    try (var _ = Grad.disabled()) {
      root.eval();
      out = root.apply(Tensor.zeros(treeDType(root), inputShape));
    } finally {
      CALLS.set(previous);
      modes.forEach(Module::setTrainingFlag);
    }
    SummaryTable table =
        new SummaryTable(
            "Model: "
                + root.label()
                + ", input "
                + Arrays.toString(inputShape)
                + ", output "
                + Arrays.toString(out.shape()));
    for (Call c : calls) {
      Module m = c.module();
      if (m.hasChildren() && m.ownParameters().isEmpty()) {
        continue; // a pure container: its children have the rows
      }
      String name = m == root ? "(model)" : names.getOrDefault(m, "(not registered)");
      long own = m.ownParameters().values().stream().mapToLong(Tensor::size).sum();
      table.row(name, m.label(), Arrays.toString(c.shape()), own);
    }
    List<Tensor> params = root.parameters();
    long total = params.stream().mapToLong(Tensor::size).sum();
    long trainable = params.stream().filter(Tensor::requiresGrad).mapToLong(Tensor::size).sum();
    long buffers = root.namedBuffers().values().stream().mapToLong(Tensor::size).sum();
    return table.format(total, trainable, buffers);
  }

  /**
   * The dtype of the first floating-point parameter or buffer anywhere below {@code root} (in state
   * dict order: each module's own parameters, then its buffers, then its children's), FLOAT32 if
   * none.
   */
  private static DType treeDType(Module root) {
    return root.stateDict().values().stream()
        .map(Tensor::dtype)
        .filter(DType::isFloatingPoint)
        .findFirst()
        .orElse(DType.FLOAT32);
  }

  /** A module that ran during a summary, and the shape of its output. */
  private record Call(Module module, int[] shape) {}
}
