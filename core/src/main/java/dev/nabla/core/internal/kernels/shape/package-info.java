/**
 * Reductions along axes and data movement: sums, max and argmax, softmax, strided and broadcast
 * copies, gather and scatter-add, with the reduction plans and odometers they walk by. They are
 * reached through {@code ShapeKernels} (softmax through {@code LinalgKernels}).
 */
package dev.nabla.core.internal.kernels.shape;
