/**
 * The subset of ONNX's protobuf messages nabla reads and writes, as records, with their field
 * numbers taken from {@code onnx.proto} (ONNX IR version 8), and the reader and writer of their
 * wire format. Not API.
 */
package dev.nabla.onnx.internal.proto;
