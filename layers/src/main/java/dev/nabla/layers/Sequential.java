package dev.nabla.layers;

import dev.nabla.core.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another, as PyTorch's {@code nn.Sequential}: the children are named
 * {@code "0"}, {@code "1"}, ... in order, so their parameters are {@code "0.weight"}, {@code
 * "0.bias"}, ... An empty Sequential is the identity.
 *
 * <p>A layer that declares it fuses with the module after it runs the pair as one op: a {@link
 * Dense} directly followed by a {@link ReLU} runs as {@link Tensor#matmulRelu}, and a {@link
 * Conv2d} followed by a {@link ReLU} as {@link Tensor#conv2dRelu}: the same values and gradients,
 * one graph node and one result tensor fewer. The fused node carries the Dense's model path; a
 * summary still lists both modules.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Dense(784, 100), new Tanh(), new Dense(100, 10));
 * mlp.add(new LogSoftmax(1));
 * }</pre>
 */
public final class Sequential extends Module {
  /** The children in order (also registered under "0", "1", ...). */
  private final List<Module> modules = new ArrayList<>();

  /** The given modules, in order. */
  public Sequential(Module... modules) {
    if (modules == null) {
      throw new IllegalArgumentException("Sequential: modules must not be null");
    }
    for (int i = 0; i < modules.length; i++) {
      if (modules[i] == null) {
        throw new IllegalArgumentException("Sequential: module " + i + " is null");
      }
      add(modules[i]);
    }
  }

  /** Appends {@code module} under the next index; returns this. */
  public Sequential add(Module module) {
    if (module == null) {
      throw new IllegalArgumentException("Sequential.add: module must not be null");
    }
    modules.add(registerModule(Integer.toString(modules.size()), module));
    return this;
  }

  /** The module at {@code index}. */
  public Module get(int index) {
    if (index < 0 || index >= modules.size()) {
      throw new IllegalArgumentException(
          "Sequential.get: index " + index + " is out of range for " + modules.size() + " modules");
    }
    return modules.get(index);
  }

  /** Number of modules. */
  public int size() {
    return modules.size();
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    for (int i = 0; i < modules.size(); i++) {
      Module m = modules.get(i);
      // A layer that fuses with its follower (Dense + ReLU, Conv2d + ReLU) runs the pair as one op:
      // one node and
      // one result tensor instead of two, with the same values and gradients.
      Tensor fused3 =
          i + 2 < modules.size() ? m.applyFused(y, modules.get(i + 1), modules.get(i + 2)) : null;
      if (fused3 != null) {
        y = fused3;
        i += 2;
        continue;
      }
      Tensor fused = i + 1 < modules.size() ? m.applyFused(y, modules.get(i + 1)) : null;
      if (fused != null) {
        y = fused;
        i++;
        continue;
      }
      y = m.apply(y);
    }
    return y;
  }
}
