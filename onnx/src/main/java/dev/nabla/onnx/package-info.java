/**
 * ONNX models in pure Java: {@link dev.nabla.onnx.OnnxModel} loads and runs an {@code .onnx} file
 * (exported by PyTorch's {@code torch.onnx.export} or any other ONNX writer), and {@link
 * dev.nabla.onnx.Onnx} exports nabla's models.
 */
package dev.nabla.onnx;
