/**
 * The ONNX operators, by family: each class registers its ops' {@link
 * dev.nabla.onnx.internal.runtime.OpFactory factories}, which check attributes at load and return
 * stateless kernels built on nabla's tensor ops (so an imported graph is differentiable wherever
 * its ops are). Not API.
 */
package dev.nabla.onnx.internal.ops;
