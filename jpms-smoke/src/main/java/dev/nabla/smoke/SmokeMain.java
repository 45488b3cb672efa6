package dev.nabla.smoke;

import dev.nabla.core.Backend;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Uses nabla-core the way a user's module does and prints what {@code ModulePathSmokeTest} checks:
 * the module nabla-core runs in and what it exports, the kernels chosen, a product and a gradient,
 * and whether reflection reaches core's internals (it must not).
 */
public final class SmokeMain {
  private SmokeMain() {}

  /**
   * Prints one {@code key=value} line per fact.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Module core = Tensor.class.getModule();
    System.out.println("core.module=" + core.getName());
    var exports = new TreeSet<String>();
    core.getDescriptor().exports().forEach(e -> exports.add(e.source()));
    System.out.println("core.exports=" + exports);
    System.out.println("kernels=" + Backend.kernels());

    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2).requiresGrad(true);
    Tensor product = a.matmul(b);
    System.out.println("product=" + Arrays.toString(product.toFloatArray()));
    product.sum().backward();
    System.out.println("grad=" + Arrays.toString(b.grad().toFloatArray()));

    System.out.println("internal.reflection=" + reflectIntoInternals());
  }

  /** Tries to call a public static method of a public class in {@code dev.nabla.core.internal}. */
  private static String reflectIntoInternals() {
    try {
      Class<?> shapes = Class.forName("dev.nabla.core.internal.Shapes");
      Object size = shapes.getMethod("size", int[].class).invoke(null, (Object) new int[] {2, 3});
      return "allowed (size=" + size + ")";
    } catch (IllegalAccessException e) {
      return "denied";
    } catch (ReflectiveOperationException e) {
      return "failed: " + e;
    }
  }
}
