package dev.nabla.core.internal.kernels;

/** Plain-Java linear-algebra kernels: the reference implementation. */
public final class PlainLinalgKernels implements LinalgKernels {}
