package dev.nabla.core.internal.kernels;

/** Plain-Java elementwise kernels: the reference implementation. */
public final class PlainElementwiseKernels implements ElementwiseKernels {}
