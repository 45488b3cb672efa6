/**
 * The built-in differentiable ops, one {@link dev.nabla.core.Op} subclass each, which the methods
 * of {@link dev.nabla.core.Tensor} apply: they validate their inputs, allocate the result and call
 * the kernels for the array loops. A general op belongs here (see docs/ARCHITECTURE.md); an op only
 * one module needs stays in that module's {@code internal} package.
 */
package dev.nabla.core.internal.ops;
