package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.internal.ops.Cast;
import dev.nabla.core.internal.ops.Compare;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to the elementwise ops: the message names the op, what it expected and what it got. */
class ElementwiseErrorsTest {

  static Stream<Arguments> binaryOps() {
    return Stream.of(
        Arguments.of("add", (BinaryOperator<Tensor>) Tensor::add),
        Arguments.of("sub", (BinaryOperator<Tensor>) Tensor::sub),
        Arguments.of("mul", (BinaryOperator<Tensor>) Tensor::mul),
        Arguments.of("div", (BinaryOperator<Tensor>) Tensor::div),
        Arguments.of("pow", (BinaryOperator<Tensor>) Tensor::pow),
        Arguments.of("maximum", (BinaryOperator<Tensor>) Tensor::maximum),
        Arguments.of("minimum", (BinaryOperator<Tensor>) Tensor::minimum),
        Arguments.of("eq", (BinaryOperator<Tensor>) Tensor::eq),
        Arguments.of("gt", (BinaryOperator<Tensor>) Tensor::gt),
        Arguments.of("ge", (BinaryOperator<Tensor>) Tensor::ge),
        Arguments.of("lt", (BinaryOperator<Tensor>) Tensor::lt),
        Arguments.of("le", (BinaryOperator<Tensor>) Tensor::le));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryOps")
  void operandsOfDifferentFloatDTypesAreRejected(String name, BinaryOperator<Tensor> op) {
    Tensor f = Tensor.ones(DType.FLOAT32, 2);
    Tensor d = Tensor.ones(DType.FLOAT64, 2);

    assertThatThrownBy(() -> op.apply(f, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name + ": dtype mismatch: FLOAT32 and FLOAT64");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryOps")
  void anInt32OperandWithAFloatOneIsRejected(String name, BinaryOperator<Tensor> op) {
    Tensor i = Tensor.ones(DType.INT32, 2);
    Tensor d = Tensor.ones(DType.FLOAT64, 2);

    assertThatThrownBy(() -> op.apply(i, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name + ": dtype mismatch: INT32 and FLOAT64");
  }

  @Test
  void dtypeMismatchIsReportedBeforeShapeMismatch() {
    Tensor f = Tensor.ones(DType.FLOAT32, 3);
    Tensor d = Tensor.ones(DType.FLOAT64, 4);

    assertThatThrownBy(() -> f.add(d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("add: dtype mismatch: FLOAT32 and FLOAT64");
  }

  @Test
  void divisionAndPowerOfInt32TensorsAreRejected() {
    Tensor i = Tensor.of(new int[] {4, 2}, 2);

    assertThatThrownBy(() -> i.div(i))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("div: expected FLOAT32 or FLOAT64 tensors, got INT32");
    assertThatThrownBy(() -> i.pow(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pow: expected FLOAT32 or FLOAT64 tensors, got INT32");
  }

  static Stream<Arguments> floatOnlyUnaryOps() {
    return Stream.of(
        Arguments.of("exp", (UnaryOperator<Tensor>) Tensor::exp),
        Arguments.of("log", (UnaryOperator<Tensor>) Tensor::log),
        Arguments.of("sqrt", (UnaryOperator<Tensor>) Tensor::sqrt),
        Arguments.of("tanh", (UnaryOperator<Tensor>) Tensor::tanh),
        Arguments.of("sigmoid", (UnaryOperator<Tensor>) Tensor::sigmoid),
        Arguments.of("leakyRelu", (UnaryOperator<Tensor>) Tensor::leakyRelu));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floatOnlyUnaryOps")
  void floatOnlyUnaryOpsRejectInt32(String name, UnaryOperator<Tensor> op) {
    Tensor i = Tensor.of(new int[] {1, 2}, 2);

    assertThatThrownBy(() -> op.apply(i))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name + ": expected a FLOAT32 or FLOAT64 tensor, got INT32");
  }

  @Test
  void leakyReluRejectsANonFiniteSlope() {
    Tensor x = Tensor.ones(DType.FLOAT64, 2);

    assertThatThrownBy(() -> x.leakyRelu(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leakyRelu: expected a finite negative slope, got NaN");
    assertThatThrownBy(() -> x.leakyRelu(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leakyRelu: expected a finite negative slope, got Infinity");
  }

  @Test
  void castAndCompareRejectAMissingTarget() {
    assertThatThrownBy(() -> new Cast(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to: target dtype must not be null");
    assertThatThrownBy(() -> new Compare(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("compare: kind must not be null");
  }

  @Test
  void int32ResultsCannotBeMarkedToRequireGrad() {
    Tensor labels = Tensor.of(new int[] {1, 2}, 2).add(1);

    assertThat(labels.dtype()).isEqualTo(DType.INT32);
    assertThatThrownBy(() -> labels.requiresGrad(true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("INT32 tensors cannot require grad");
  }

  @Test
  void aNullOperandIsRejectedNamingTheOp() {
    Tensor x = Tensor.ones(DType.FLOAT64, 2);

    assertThatThrownBy(() -> x.add((Tensor) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Add: input 1 is null");
  }
}
