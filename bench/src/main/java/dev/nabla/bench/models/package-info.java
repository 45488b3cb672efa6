/**
 * The model benchmark: the reference models M1 to M3 trained on MNIST or Fashion-MNIST, timed per
 * epoch (optionally with heap and resident-set figures). It complements the kernel micro-benchmarks
 * in {@code dev.nabla.bench}.
 */
package dev.nabla.bench.models;
