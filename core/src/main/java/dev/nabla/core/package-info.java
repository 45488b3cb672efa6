/**
 * The public core of nabla: {@link dev.nabla.core.Tensor} with its ops, the reverse-mode autodiff
 * graph ({@link dev.nabla.core.Node}, {@link dev.nabla.core.Grad}, {@link dev.nabla.core.Graph}),
 * the {@link dev.nabla.core.Op} contract every op is written against, and {@link
 * dev.nabla.core.GradCheck}. Everything else in this module lives in {@code
 * dev.nabla.core.internal} and is not exported.
 */
package dev.nabla.core;
