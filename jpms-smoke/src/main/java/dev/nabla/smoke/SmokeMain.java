package dev.nabla.smoke;

import dev.nabla.core.Backend;
import dev.nabla.core.Tensor;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Uses nabla-core the way a user's module does and prints what {@code ModulePathSmokeTest} checks:
 * the module nabla-core runs in and what it exports (to everyone, and to nabla's own modules), the
 * kernels chosen, a product and a gradient, and whether reflection reaches core's internals or the
 * package core shares with nabla's modules (it must reach neither).
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
    var qualified = new TreeSet<String>();
    core.getDescriptor()
        .exports()
        .forEach(
            e -> {
              if (e.isQualified()) {
                qualified.add(e.source() + " to " + new TreeSet<>(e.targets()));
              } else {
                exports.add(e.source());
              }
            });
    System.out.println("core.exports=" + exports);
    System.out.println("core.qualifiedExports=" + qualified);
    System.out.println("kernels=" + Backend.kernels());

    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2).requiresGrad(true);
    Tensor product = a.matmul(b);
    System.out.println("product=" + Arrays.toString(product.toFloatArray()));
    product.sum().backward();
    System.out.println("grad=" + Arrays.toString(b.grad().toFloatArray()));

    System.out.println(
        "internal.reflection="
            + reflectInto("dev.nabla.core.internal.Shapes", "size", int[].class, new int[] {2, 3}));
    // exported to nabla's own modules only, so not to this one
    System.out.println(
        "shared.reflection="
            + reflectInto(
                "dev.nabla.core.internal.shared.ReplacedParameters",
                "replacedAt",
                Tensor.class,
                product));
  }

  /**
   * Tries to call {@code method(arg)}, a public static method of the public class {@code className}
   * of core's internals, whose one parameter is of type {@code type}.
   */
  private static String reflectInto(String className, String method, Class<?> type, Object arg) {
    try {
      Object result = Class.forName(className).getMethod(method, type).invoke(null, arg);
      return "allowed (" + method + "=" + result + ")";
    } catch (IllegalAccessException e) {
      return "denied";
    } catch (ReflectiveOperationException e) {
      return "failed: " + e;
    }
  }
}
