package dev.nabla.core.internal.kernels;

/** Elementwise loops over raw arrays. */
public interface ElementwiseKernels {}
