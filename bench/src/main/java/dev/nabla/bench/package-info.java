/**
 * JMH micro-benchmarks of the kernels (GEMM, convolution, elementwise) and of a small graph, run by
 * {@code ./nabla bench}. They measure the public API, so a faster kernel shows here without a
 * change.
 */
package dev.nabla.bench;
