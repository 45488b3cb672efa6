/**
 * The array loops behind the ops, behind interfaces chosen once at start-up by {@code Kernels}: the
 * plain-Java implementations, kept as the oracle, and the Vector API ones that replace them when
 * {@code jdk.incubator.vector} is present. Ops reach them through {@code Kernels}; nothing here
 * knows about tensors, graphs or gradients.
 */
package dev.nabla.core.internal.kernels;
