package dev.nabla.train;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.DataLoader;
import dev.nabla.datasets.Example;
import dev.nabla.layers.Module;
import dev.nabla.losses.Loss;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Evaluation helpers: accuracy of logits against class labels, prediction and evaluation of a model
 * in evaluation mode without recording a graph.
 *
 * <pre>{@code
 * double acc = Metrics.accuracy(model.apply(x), labels);           // labels: INT32 [N]
 * Tensor probs = Metrics.predict(model, x).softmax(1);             // eval mode, no grad
 * Metrics.Evaluation test = Metrics.evaluate(model, testLoader, new CrossEntropyLoss());
 * }</pre>
 *
 * <p>Class scores ("logits": any scores whose arg-max is the prediction, probabilities and
 * log-probabilities included) have the classes on axis 1: {@code [N, C]} or {@code [N, C, d1,
 * ...]}; labels are INT32 class indices of the same shape without axis 1.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * A model's mean loss and accuracy over a loader.
   *
   * @param loss mean loss per example (each batch's loss weighted by its size)
   * @param accuracy fraction of examples predicted right; NaN when the targets are neither class
   *     indices nor one-hot rows ({@link #isOneHotTarget})
   * @param samples number of examples seen
   */
  public record Evaluation(double loss, double accuracy, long samples) {}

  /**
   * The fraction of positions whose arg-max over axis 1 of {@code logits} equals {@code labels}.
   */
  public static double accuracy(Tensor logits, Tensor labels) {
    checkClassification("Metrics.accuracy", logits, labels);
    return labels.size() == 0 ? Double.NaN : (double) correct(logits, labels) / labels.size();
  }

  /** The number of positions whose arg-max over axis 1 of {@code logits} equals {@code labels}. */
  public static long correct(Tensor logits, Tensor labels) {
    checkClassification("Metrics.correct", logits, labels);
    int[] predicted = logits.argmax(1).intStorage();
    int[] expected = labels.intStorage();
    long n = 0;
    for (int i = 0; i < expected.length; i++) {
      if (predicted[i] == expected[i]) {
        n++;
      }
    }
    return n;
  }

  /**
   * Whether {@code target} holds class indices for {@code output}: INT32, of {@code output}'s shape
   * without axis 1 ({@code output} of rank 2 or more).
   */
  public static boolean isClassIndexTarget(Tensor output, Tensor target) {
    return output.rank() >= 2
        && target.dtype() == DType.INT32
        && Arrays.equals(target.shape(), withoutAxis1(output.shape()));
  }

  /**
   * Whether {@code target} is one-hot rows for {@code output} (the tutorial's MSE on digits): of
   * {@code output}'s shape {@code [N, C]} with {@code C >= 2}, each row holding a single 1 and
   * otherwise 0, so that its arg-max is the class.
   */
  public static boolean isOneHotTarget(Tensor output, Tensor target) {
    if (output.rank() != 2
        || output.dim(1) < 2
        || !target.dtype().isFloatingPoint()
        || !Arrays.equals(target.shape(), output.shape())) {
      return false;
    }
    double[] t = target.toDoubleArray();
    int c = output.dim(1);
    for (int row = 0; row < t.length; row += c) {
      int ones = 0;
      for (int j = row; j < row + c; j++) {
        if (t[j] == 1) {
          ones++;
        } else if (t[j] != 0) {
          return false;
        }
      }
      if (ones != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code model}'s output for {@code input} in evaluation mode (Dropout off, BatchNorm on running
   * statistics) with recording off; the model's modes are restored afterwards: {@link
   * Module#predict}.
   */
  public static Tensor predict(Module model, Tensor input) {
    if (model == null || input == null) {
      throw new IllegalArgumentException(
          "Metrics.predict: model and input must not be null, got model="
              + (model == null ? null : "given")
              + ", input="
              + input);
    }
    return model.predict(input);
  }

  /**
   * {@code model}'s mean {@code loss} and accuracy over one pass of {@code loader}, in evaluation
   * mode with recording off; the model's modes are restored afterwards.
   */
  public static Evaluation evaluate(Module model, DataLoader loader, Loss loss) {
    return evaluate(model, loader, loss, n -> {});
  }

  /**
   * As {@link #evaluate(Module, DataLoader, Loss)}, telling {@code afterBatch} each batch done
   * (from 1).
   */
  static Evaluation evaluate(Module model, DataLoader loader, Loss loss, IntConsumer afterBatch) {
    if (model == null || loader == null || loss == null) {
      throw new IllegalArgumentException(
          "Metrics.evaluate: model, loader and loss must not be null");
    }
    Map<Module, Boolean> modes = modes(model);
    model.eval();
    double lossSum = 0;
    long samples = 0;
    long right = 0;
    boolean classes = true;
    int done = 0;
    try (var _ = Grad.disabled();
        DataLoader.Batches batches = loader.iterator()) {
      while (batches.hasNext()) {
        Example batch = batches.next();
        Tensor out = model.apply(batch.input());
        int n = batch.input().dim(0);
        lossSum += scalarLoss("Metrics.evaluate", loss.apply(out, batch.target())) * n;
        samples += n;
        if (classes && isClassIndexTarget(out, batch.target())) {
          right += correct(out, batch.target());
        } else if (classes && isOneHotTarget(out, batch.target())) {
          right += correct(out, batch.target().argmax(1));
        } else {
          classes = false;
        }
        afterBatch.accept(++done);
      }
    } finally {
      restore(modes);
    }
    if (samples == 0) {
      return new Evaluation(Double.NaN, Double.NaN, 0);
    }
    return new Evaluation(
        lossSum / samples, classes ? (double) right / samples : Double.NaN, samples);
  }

  /** The value of a loss, which must be a single number (a loss with reduction MEAN or SUM). */
  static double scalarLoss(String owner, Tensor loss) {
    if (loss == null || loss.size() != 1) {
      throw new IllegalArgumentException(
          owner
              + ": the loss must be a single number, got "
              + (loss == null ? "null" : "shape " + Arrays.toString(loss.shape()))
              + " (use Reduction.MEAN)");
    }
    return loss.item();
  }

  static Map<Module, Boolean> modes(Module model) {
    Map<Module, Boolean> modes = new LinkedHashMap<>();
    modes.put(model, model.isTraining());
    model.namedModules().values().forEach(m -> modes.putIfAbsent(m, m.isTraining()));
    return modes;
  }

  /** Parents come before children, so setting each recursively ends with each one's own mode. */
  static void restore(Map<Module, Boolean> modes) {
    modes.forEach(Module::train);
  }

  static void checkClassification(String owner, Tensor logits, Tensor labels) {
    if (logits == null || labels == null) {
      throw new IllegalArgumentException(
          owner
              + ": logits and labels must not be null, got logits="
              + logits
              + ", labels="
              + labels);
    }
    if (logits.rank() < 2 || !logits.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          owner
              + ": logits must be FLOAT32 or FLOAT64 scores of shape [N, C, ...], got "
              + logits.dtype()
              + " "
              + Arrays.toString(logits.shape()));
    }
    if (!isClassIndexTarget(logits, labels)) {
      String hint =
          labels.dtype().isFloatingPoint() && Arrays.equals(labels.shape(), logits.shape())
              ? " (one-hot targets: pass labels.argmax(1))"
              : "";
      throw new IllegalArgumentException(
          owner
              + ": labels must be INT32 class indices of shape "
              + Arrays.toString(withoutAxis1(logits.shape()))
              + " for logits "
              + Arrays.toString(logits.shape())
              + ", got "
              + labels.dtype()
              + " "
              + Arrays.toString(labels.shape())
              + hint);
    }
  }

  private static int[] withoutAxis1(int[] shape) {
    int[] out = new int[shape.length - 1];
    out[0] = shape[0];
    System.arraycopy(shape, 2, out, 1, shape.length - 2);
    return out;
  }
}
