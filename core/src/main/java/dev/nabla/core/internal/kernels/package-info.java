/**
 * The array loops behind the ops, behind interfaces chosen once at start-up by {@code Kernels}: the
 * plain-Java implementations, kept as the oracle, and the Vector API ones that replace them when
 * {@code jdk.incubator.vector} is present. This package holds the provider, the three family
 * interfaces, their plain and vector implementations (which dispatch on the array type) and the
 * shared lane helpers; the loops live in the sub-packages {@code elementwise}, {@code gemm}, {@code
 * conv} and {@code shape}. Nothing here knows about tensors, graphs or gradients.
 */
package dev.nabla.core.internal.kernels;
