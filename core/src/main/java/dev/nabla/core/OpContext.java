package dev.nabla.core;

import dev.nabla.core.internal.TensorAccess;
import java.util.Arrays;

/**
 * What an {@link Op}'s forward pass leaves for its backward pass: the tensors it saved, and facts
 * about its inputs (shape, dtype, whether a gradient is needed for each).
 *
 * <p>Saved tensors are released after {@link Tensor#backward()} unless the graph is retained; a
 * backward pass through a released context fails with a clear message instead of computing garbage.
 */
public final class OpContext {
  private final String opName;
  private final int[][] inputShapes;
  private final DType[] inputDTypes;
  private final boolean[] needsGrad;
  private static final Tensor[] NO_TENSORS = {};
  private static final Object[] NO_STORAGES = {};
  private static final int[] NO_VERSIONS = {};

  private Tensor[] saved = NO_TENSORS;
  private Object[] savedStorages = NO_STORAGES;
  private int[] savedVersions = NO_VERSIONS;
  private boolean released;

  OpContext(String opName, Tensor[] inputs, boolean recording) {
    this.opName = opName;
    this.inputShapes = new int[inputs.length][];
    this.inputDTypes = new DType[inputs.length];
    this.needsGrad = new boolean[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      inputShapes[i] = inputs[i].shapeRef();
      inputDTypes[i] = inputs[i].dtype();
      needsGrad[i] = recording && inputs[i].requiresGrad();
    }
  }

  /** Keeps tensors for the backward pass. Replaces anything saved before. */
  public void save(Tensor... tensors) {
    this.saved = tensors.clone();
    this.savedStorages = new Object[tensors.length];
    this.savedVersions = new int[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      if (tensors[i] != null) {
        savedStorages[i] = tensors[i].storageKey();
        savedVersions[i] = tensors[i].version();
      }
    }
  }

  /** The {@code i}-th saved tensor. */
  public Tensor saved(int i) {
    if (released) {
      throw new IllegalStateException(
          opName
              + ": the saved tensors were released by an earlier backward(); "
              + "call backward(seed, true) the first time to keep the graph for a second pass");
    }
    if (i < 0 || i >= saved.length) {
      throw new IllegalArgumentException(
          opName + ": saved tensor " + i + " requested, but " + saved.length + " were saved");
    }
    Tensor t = saved[i];
    // The storage, not the tensor object, counts writes: a write through any view of the same
    // memory (a detach(), a reshape, a stateDict entry) makes the saved values stale.
    if (t != null && (t.storageKey() != savedStorages[i] || t.version() != savedVersions[i])) {
      throw new IllegalStateException(
          opName
              + ": a tensor it saved for backward (saved tensor "
              + i
              + ", shape "
              + Arrays.toString(t.shape())
              + ") was "
              + (t.storageKey() != savedStorages[i]
                  ? "given new data (setData)"
                  : "modified in place")
              + " after the forward pass, through it or another tensor sharing its storage; "
              + "its gradient would be wrong. Update it only after backward(), or write into a copy()");
    }
    return t;
  }

  /** Number of inputs the op was applied to. */
  public int inputCount() {
    return inputShapes.length;
  }

  /** Shape of input {@code i} (a copy). */
  public int[] inputShape(int i) {
    return inputShapes[i].clone();
  }

  /** Dtype of input {@code i}. */
  public DType inputDType(int i) {
    return inputDTypes[i];
  }

  /** Whether input {@code i} needs a gradient: backward may return null for the others. */
  public boolean needsInputGrad(int i) {
    return needsGrad[i];
  }

  /** Whether a saved tensor is over {@code data} (checked before the context is released). */
  boolean holdsArray(Object data) {
    for (Tensor t : saved) {
      if (t != null && TensorAccess.data(t) == data) {
        return true;
      }
    }
    return false;
  }

  boolean isReleased() {
    return released;
  }

  void release() {
    released = true;
    saved = NO_TENSORS;
    savedStorages = NO_STORAGES;
    savedVersions = NO_VERSIONS;
  }

  @Override
  public String toString() {
    return opName + Arrays.deepToString(inputShapes);
  }
}
