/**
 * The kernels' thread pool and its size ({@code -Dnabla.threads}, {@code NABLA_THREADS}). Work is
 * split so that each output element is computed by one task in a fixed order, which keeps results
 * independent of scheduling.
 */
package dev.nabla.core.internal.parallel;
