/**
 * The ONNX graph runtime: a model's nodes compiled into kernels once at load (every unsupported op
 * or attribute reported then), run in order over a per-call array of values. Not API.
 */
package dev.nabla.onnx.internal.runtime;
