package dev.nabla.core;

/**
 * The identity of one block of tensor memory, shared by every tensor that views it ({@link
 * Tensor#reshape}, {@link Tensor#detach}, a stateDict entry, ...), and the count of writes to it.
 * The count lives here rather than on a tensor, as PyTorch's version counter does, so a write
 * through any view is seen by a graph that saved another: an op's saved tensor is stale when its
 * storage has been written since the op saved it.
 */
final class Storage {
  /** Bumped by every in-place write through any view, and by {@link Tensor#markModified()}. */
  int version;
}
