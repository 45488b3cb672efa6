package dev.nabla.layers;

import static dev.nabla.layers.LayerAssert.assertModuleGradients;
import static dev.nabla.layers.LayerAssert.randn64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nabla.core.DType;
import dev.nabla.core.Grad;
import dev.nabla.core.GradCheck;
import dev.nabla.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ModuleTest {

  /** A user's module: a parameter of its own, a nested Sequential and a head. */
  static final class Block extends Module {
    final Sequential encoder;
    final Dense head;

    Block() {
      registerParameter("scale", Tensor.full(2f, 1));
      encoder =
          registerModule("encoder", new Sequential(new Dense(4, 3), new Tanh(), new Dense(3, 2)));
      head = registerModule("head", new Dense(2, 1));
    }

    @Override
    public Tensor forward(Tensor x) {
      return head.apply(encoder.apply(x)).mul(parameter("scale"));
    }
  }

  private static Sequential mlp() {
    return new Sequential(new Dense(784, 100), new Tanh(), new Dense(100, 10));
  }

  @Test
  void namedParametersAreDottedAndInRegistrationOrderOwnFirst() {
    Block b = new Block();
    assertThat(b.namedParameters().keySet())
        .containsExactly(
            "scale",
            "encoder.0.weight",
            "encoder.0.bias",
            "encoder.2.weight",
            "encoder.2.bias",
            "head.weight",
            "head.bias");
    assertThat(b.parameters()).containsExactlyElementsOf(b.namedParameters().values());
    assertThat(b.namedModules().keySet())
        .containsExactly("encoder", "encoder.0", "encoder.1", "encoder.2", "head");
    assertThat(b.namedChildren().keySet()).containsExactly("encoder", "head");
    assertThat(b.namedParameters().get("encoder.2.weight"))
        .isSameAs(((Dense) b.encoder.get(2)).weight());
    Sequential outer = new Sequential(new Sequential(new Dense(2, 2)), new Dense(2, 1));
    assertThat(outer.namedParameters().keySet())
        .containsExactly("0.0.weight", "0.0.bias", "1.weight", "1.bias");
  }

  @Test
  void parameterCountOfA784To100To10Mlp() {
    assertThat(mlp().parameterCount()).isEqualTo(784 * 100 + 100 + 100 * 10 + 10).isEqualTo(79_510);
    assertThat(new Block().parameterCount()).isEqualTo(1 + (4 * 3 + 3) + (3 * 2 + 2) + (2 + 1));
  }

  @Test
  void summaryListsLayersOutputShapesParameterCountsAndTotals() {
    String s = mlp().summary(1, 784);
    assertThat(s).startsWith("Model: Sequential, input [1, 784], output [1, 10]\n");
    assertThat(s).containsPattern("(?m)^0 +Dense\\(784 -> 100\\) +\\[1, 100\\] +78,500$");
    assertThat(s).containsPattern("(?m)^1 +Tanh +\\[1, 100\\] +0$");
    assertThat(s).containsPattern("(?m)^2 +Dense\\(100 -> 10\\) +\\[1, 10\\] +1,010$");
    assertThat(s).contains("Layer", "Type", "Output Shape", "Param #");
    assertThat(s)
        .contains(
            "Total params: 79,510\n", "Trainable params: 79,510\n", "Non-trainable params: 0\n");
    assertThat(s).doesNotContain("Buffer");
  }

  @Test
  void summaryOfNestedModulesNamesLeavesByPathAndCountsFrozenAndBufferElements() {
    Block b = new Block();
    b.namedParameters().get("head.bias").requiresGrad(false);
    String s = b.summary(5, 4);
    assertThat(s).containsPattern("(?m)^encoder\\.0 +Dense\\(4 -> 3\\) +\\[5, 3\\] +15$");
    assertThat(s).containsPattern("(?m)^encoder\\.1 +Tanh +\\[5, 3\\] +0$");
    assertThat(s).containsPattern("(?m)^head +Dense\\(2 -> 1\\) +\\[5, 1\\] +3$");
    // The root has a parameter of its own, so it gets the last row (it finishes last).
    assertThat(s).containsPattern("(?m)^\\(model\\) +Block +\\[5, 1\\] +1$");
    assertThat(s).doesNotContainPattern("(?m)^encoder +");
    assertThat(s)
        .contains("Total params: 27\n", "Trainable params: 26\n", "Non-trainable params: 1\n");
    String bn = new Sequential(new Dense(3, 4), new BatchNorm1d(4)).summary(2, 3);
    assertThat(bn).contains("Total params: 24\n", "Buffer elements (saved, not trained): 8\n");
    assertThat(new Dense(3, 4).summary(3))
        .containsPattern("(?m)^\\(model\\) +Dense\\(3 -> 4\\) +\\[4\\] +16$");
  }

  @Test
  void summaryRunsInEvalModeAndRestoresEveryModulesMode() {
    BatchNorm1d bn = new BatchNorm1d(4);
    Dropout drop = new Dropout(0.5);
    Sequential m = new Sequential(new Dense(3, 4), bn, drop);
    drop.eval();
    // With batch size 1 this only works in eval mode (training needs more than one value).
    assertThat(m.summary(1, 3)).contains("BatchNorm1d(4, eps=1e-05, momentum=0.1)");
    assertThat(m.isTraining()).isTrue();
    assertThat(bn.isTraining()).isTrue();
    assertThat(drop.isTraining()).isFalse();
    assertThat(bn.runningMean().toFloatArray()).containsOnly(0f);
  }

  @Test
  void summaryFailsLikeTheForwardPassAndRestoresModes() {
    Sequential m = mlp();
    assertThatThrownBy(() -> m.summary(1, 785))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(784 -> 100): input [1, 785] has last dimension 785, expected 784");
    assertThat(m.get(0).isTraining()).isTrue();
    assertThatThrownBy(() -> m.summary(0, 784))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sequential: summary: expected an input shape with dimensions >= 1, got [0, 784]");
  }

  @Test
  void trainAndEvalPropagateToEveryModule() {
    Block b = new Block();
    assertThat(b.isTraining()).isTrue();
    b.eval();
    assertThat(b.isTraining()).isFalse();
    assertThat(b.namedModules().values()).allMatch(m -> !m.isTraining());
    b.train();
    assertThat(b.namedModules().values()).allMatch(Module::isTraining);
    assertThat(b.train(false)).isSameAs(b);
    assertThat(b.encoder.get(1).isTraining()).isFalse();
  }

  @Test
  void stateDictHoldsParametersThenBuffersPerModuleAndSharesStorage() {
    Sequential m = new Sequential(new Dense(2, 3), new BatchNorm1d(3));
    LinkedHashMap<String, Tensor> state = m.stateDict();
    assertThat(state.keySet())
        .containsExactly(
            "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var");
    assertThat(m.namedBuffers().keySet()).containsExactly("1.running_mean", "1.running_var");
    assertThat(state.get("0.weight").requiresGrad()).isFalse();
    m.apply(Tensor.randn(1L, 4, 2));
    // The running mean was updated in place: the state dict's tensor sees it.
    assertThat(state.get("1.running_mean").toFloatArray())
        .isEqualTo(m.namedBuffers().get("1.running_mean").toFloatArray())
        .isNotEqualTo(new float[3]);
  }

  @Test
  void loadStateDictCopiesValuesSoTwoModelsComputeTheSame() {
    Sequential a = new Sequential(new Dense(3, 4, Init.normal(0, 1), 1L), new BatchNorm1d(4));
    Sequential b = new Sequential(new Dense(3, 4, Init.normal(0, 1), 2L), new BatchNorm1d(4));
    a.apply(Tensor.randn(5L, 6, 3));
    b.loadStateDict(a.stateDict());
    a.eval();
    b.eval();
    Tensor x = Tensor.randn(6L, 2, 3);
    assertThat(b.apply(x).toFloatArray()).isEqualTo(a.apply(x).toFloatArray());
    // Copies, not shared tensors: the parameters are still b's own leaves.
    assertThat(b.parameters().get(0)).isNotSameAs(a.parameters().get(0));
    assertThat(b.parameters().get(0).requiresGrad()).isTrue();
  }

  @Test
  void loadStateDictListsEveryMismatchAndLoadsNothing() {
    Sequential m = new Sequential(new Dense(2, 3), new Dense(3, 1));
    float[] before = m.parameters().get(0).toFloatArray();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("0.weight", Tensor.ones(3, 2)); // shape
    state.put("0.bias", Tensor.ones(DType.FLOAT64, 3)); // dtype
    state.put("1.weight", Tensor.ones(DType.FLOAT64, 1, 3)); // shape and dtype
    state.put("1.b", Tensor.ones(1)); // unexpected
    state.put("extra", null); // unexpected
    // 1.bias is missing.
    assertThatThrownBy(() -> m.loadStateDict(state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Sequential: loadStateDict found 7 mismatches (nothing was loaded):\n"
                + "  '0.weight' has shape [3, 2], expected [2, 3]\n"
                + "  '0.bias' has dtype FLOAT64, expected FLOAT32\n"
                + "  '1.weight' has shape [1, 3], expected [3, 1]\n"
                + "  '1.weight' has dtype FLOAT64, expected FLOAT32\n"
                + "  missing key '1.bias' (FLOAT32 [1])\n"
                + "  unexpected key '1.b' (FLOAT32 [1])\n"
                + "  unexpected key 'extra'");
    assertThat(m.parameters().get(0).toFloatArray()).isEqualTo(before);
    Map<String, Tensor> withNull = m.stateDict();
    withNull.put("0.bias", null);
    assertThatThrownBy(() -> m.loadStateDict(withNull))
        .hasMessage(
            "Sequential: loadStateDict found 1 mismatch (nothing was loaded):\n"
                + "  '0.bias' is null, expected FLOAT32 [3]");
    assertThatThrownBy(() -> m.loadStateDict(null))
        .hasMessage("Sequential: loadStateDict: state must not be null");
  }

  @Test
  void toFloat64ConvertsParametersAndBuffersKeepingFlagsAndTies() {
    Dense shared = new Dense(2, 2);
    Sequential m = new Sequential(shared, new BatchNorm1d(2), shared);
    m.namedParameters().get("1.bias").requiresGrad(false);
    m.apply(Tensor.randn(1L, 3, 2)).sum().backward();
    assertThat(shared.weight().grad()).isNotNull();
    float[] w = shared.weight().toFloatArray();
    assertThat(m.to(DType.FLOAT64)).isSameAs(m);
    for (Tensor t : m.stateDict().values()) {
      assertThat(t.dtype()).isEqualTo(DType.FLOAT64);
    }
    assertThat(shared.weight().isLeaf()).isTrue();
    assertThat(shared.weight().requiresGrad()).isTrue();
    assertThat(shared.weight().grad()).isNull();
    assertThat(m.namedParameters().get("1.bias").requiresGrad()).isFalse();
    assertThat(shared.weight().toDoubleArray()).containsExactly(Tensor.of(w, 2, 2).toDoubleArray());
    // Tied: the module registered twice is one module with one set of parameters.
    assertThat(m.namedParameters().keySet())
        .containsExactly("0.weight", "0.bias", "1.weight", "1.bias");
    assertThat(m.apply(Tensor.randn(2L, DType.FLOAT64, 3, 2)).dtype()).isEqualTo(DType.FLOAT64);
    m.to(DType.FLOAT32);
    assertThat(shared.weight().dtype()).isEqualTo(DType.FLOAT32);
    assertThatThrownBy(() -> m.to(DType.INT32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Sequential: to: expected FLOAT32 or FLOAT64, got INT32");
  }

  @Test
  void toConvertsInPlaceSoTheTensorsOthersHoldAreTheOnesTheModuleUses() {
    BatchNorm1d bn = new BatchNorm1d(2);
    Sequential m = new Sequential(new Dense(3, 2), bn);
    List<Tensor> heldParams = m.parameters(); // what an optimizer holds
    List<Tensor> heldBuffers = List.copyOf(m.namedBuffers().values());
    m.to(DType.FLOAT64);
    assertThat(m.parameters()).containsExactlyElementsOf(heldParams);
    assertThat(m.namedBuffers().values()).containsExactlyElementsOf(heldBuffers);
    for (Tensor p : heldParams) {
      assertThat(p.dtype()).isEqualTo(DType.FLOAT64);
    }
    // Training updates the running statistics the caller holds, in the new dtype.
    m.apply(Tensor.randn(3L, DType.FLOAT64, 4, 3));
    assertThat(bn.runningMean()).isSameAs(heldBuffers.get(0));
    assertThat(heldBuffers.get(0).dtype()).isEqualTo(DType.FLOAT64);
    assertThat(heldBuffers.get(0).toDoubleArray()).isNotEqualTo(new double[] {0, 0});
  }

  @Test
  void predictRunsInEvalModeWithoutAGraphAndRestoresEveryModulesMode() {
    Dense dense = new Dense(3, 4, true, Init.pytorchDefault(), Init.pytorchDefault(), 1L);
    BatchNorm1d bn = new BatchNorm1d(4);
    Dropout dropout = new Dropout(0.9, 2L);
    Sequential model = new Sequential(dense, bn, dropout);
    bn.runningMean().copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 4)); // as if trained
    dense.eval(); // a mixed state, which predict must put back as it was
    Tensor x = Tensor.randn(3L, 5, 3);
    float[] stats = bn.runningMean().toFloatArray();

    Tensor y = model.predict(x);

    assertThat(y.gradFn()).isNull();
    assertThat(y.requiresGrad()).isFalse();
    // Dropout off and BatchNorm on its running statistics: the eval-mode output, which a
    // training-mode pass (dropping 90 %, normalising by the batch) is not.
    Tensor expected;
    try (var _ = Grad.disabled()) {
      model.eval();
      expected = model.apply(x);
      model.train();
      dense.eval();
    }
    assertThat(y.toFloatArray()).containsExactly(expected.toFloatArray());
    assertThat(bn.runningMean().toFloatArray()).containsExactly(stats);
    assertThat(model.isTraining()).isTrue();
    assertThat(bn.isTraining()).isTrue();
    assertThat(dropout.isTraining()).isTrue();
    assertThat(dense.isTraining()).isFalse();
    // Restored after a failure too, and the message names the layer.
    assertThatThrownBy(() -> model.predict(Tensor.ones(2, 7)))
        .hasMessageContaining("Dense(3 -> 4): input [2, 7] has last dimension 7, expected 3");
    assertThat(bn.isTraining()).isTrue();
    assertThat(dense.isTraining()).isFalse();
    // An eval-mode model is left alone.
    model.eval();
    assertThat(model.predict(x).toFloatArray()).containsExactly(expected.toFloatArray());
    assertThat(dropout.isTraining()).isFalse();
  }

  @Test
  void setParameterSwapsTheTensorTheForwardPassUses() {
    Block b = new Block();
    Tensor scale = Tensor.full(3f, 1).requiresGrad(true);
    b.setParameter("scale", scale);
    Tensor w = Tensor.zeros(3, 2);
    b.setParameter("encoder.2.weight", w);
    assertThat(b.namedParameters().get("scale")).isSameAs(scale);
    assertThat(((Dense) b.encoder.get(2)).weight()).isSameAs(w);
    b.apply(Tensor.ones(1, 4)).sum().backward();
    assertThat(scale.grad()).isNotNull();
    assertThatThrownBy(() -> b.setParameter("encoder.5.weight", w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Block: setParameter: no parameter named 'encoder.5.weight'; the "
                + "parameters are [scale, encoder.0.weight,");
    assertThatThrownBy(() -> b.setParameter("scale", Tensor.ones(2)))
        .hasMessage("Block: setParameter: 'scale' is FLOAT32 [1], got FLOAT32 [2]");
    assertThatThrownBy(() -> b.setParameter("scale", scale.mul(2)))
        .hasMessage(
            "Block: setParameter: 'scale' was computed by Mul; a parameter must be a leaf "
                + "tensor (pass value.detach())");
    assertThatThrownBy(() -> b.setParameter("scale", null))
        .hasMessage("Block: setParameter: 'scale' value is null");
  }

  @Test
  void zeroGradClearsEveryParametersGradient() {
    Block b = new Block();
    b.apply(Tensor.ones(2, 4)).sum().backward();
    assertThat(b.parameters()).allMatch(p -> p.grad() != null);
    b.zeroGrad();
    assertThat(b.parameters()).allMatch(p -> p.grad() == null);
  }

  @Test
  void gradCheckOfAWholeModelInTrainAndEvalMode() {
    Sequential m =
        new Sequential(
            new Dense(3, 4, Init.normal(0, 1), 1L),
            new BatchNorm1d(4),
            new GELU(),
            new Dense(4, 2),
            new LogSoftmax(1));
    assertModuleGradients(m, randn64(1L, 5, 3));
    m.eval();
    assertModuleGradients(m, randn64(2L, 5, 3));
    Sequential cnn =
        new Sequential(
            new Conv2d(1, 2, 2), new ReLU(), new MaxPool2d(2), new Flatten(), new Dense(2, 1));
    assertModuleGradients(cnn, randn64(3L, 2, 1, 3, 3));
  }

  @Test
  void theGradientHelperReallyChecksParameters() {
    // A module that cuts its weight out of the graph: the analytic gradient is 0, the numeric not.
    Module broken =
        new Module() {
          {
            registerParameter("w", Tensor.ones(DType.FLOAT64, 2));
          }

          @Override
          public Tensor forward(Tensor x) {
            return x.mul(parameter("w").detach());
          }
        };
    Tensor w = broken.namedParameters().get("w");
    GradCheck.Result r =
        GradCheck.check(
            in -> {
              broken.setParameter("w", in[1]);
              return broken.apply(in[0]);
            },
            randn64(1L, 2),
            w);
    assertThat(r.passed()).isFalse();
    assertThat(r.input()).isEqualTo(1);
  }

  @Test
  void aModuleIsAUnaryOperator() {
    Sequential m = new Sequential(new Dense(2, 2, Init.constant(1), 1L));
    Tensor y = m.andThen(new ReLU()).apply(Tensor.of(new float[] {-3, 1}, 1, 2));
    // x·W + b = (-3 + 1) + 1 = -1 in both columns, then ReLU.
    assertThat(y.toFloatArray()).containsExactly(0, 0);
    assertThat(Stream.of(Tensor.ones(1, 2)).map(m).findFirst().orElseThrow().toFloatArray())
        .containsExactly(3, 3);
  }

  @Test
  void applyChecksNullAndDtypeAgainstTheParameters() {
    Dense d = new Dense(2, 3);
    assertThatThrownBy(() -> d.apply(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(2 -> 3): input must not be null");
    assertThatThrownBy(() -> d.apply(Tensor.ones(DType.FLOAT64, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Dense(2 -> 3): input is FLOAT64 but the parameters are FLOAT32; convert the "
                + "input with x.to(DType.FLOAT32) or the module with to(DType.FLOAT64)");
    assertThatThrownBy(() -> d.apply(Tensor.of(new int[] {1, 2}, 1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Dense(2 -> 3): input [1, 2] is INT32, expected FLOAT32 or FLOAT64");
    // Through a Sequential the failing layer is named.
    assertThatThrownBy(() -> mlp().apply(Tensor.zeros(2, 100)))
        .hasMessage("Dense(784 -> 100): input [2, 100] has last dimension 100, expected 784");
  }

  /** A bare module; the test, in the same package, calls its protected registration methods. */
  static class Probe extends Module {
    @Override
    public Tensor forward(Tensor x) {
      return x;
    }
  }

  @Test
  void registrationRejectsBadNamesValuesAndCycles() {
    Probe p = new Probe();
    p.registerParameter("w", Tensor.ones(1));
    assertThatThrownBy(() -> p.registerBuffer("w", Tensor.ones(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Probe: registerBuffer: name 'w' is already used by a parameter");
    assertThatThrownBy(() -> p.registerModule("w", new Tanh()))
        .hasMessage("Probe: registerModule: name 'w' is already used by a parameter");
    assertThatThrownBy(() -> p.registerParameter("a.b", Tensor.ones(1)))
        .hasMessage("Probe: registerParameter: expected a non-empty name without dots, got 'a.b'");
    assertThatThrownBy(() -> p.registerParameter("", Tensor.ones(1)))
        .hasMessage("Probe: registerParameter: expected a non-empty name without dots, got ''");
    assertThatThrownBy(() -> p.registerParameter("ix", Tensor.arange(2)))
        .hasMessage(
            "Probe: registerParameter: 'ix' must be a FLOAT32 or FLOAT64 tensor, got INT32");
    assertThatThrownBy(() -> p.registerParameter("v", Tensor.ones(1).requiresGrad(true).mul(2)))
        .hasMessage(
            "Probe: registerParameter: 'v' was computed by Mul; a parameter must be a "
                + "leaf tensor (pass value.detach())");
    assertThatThrownBy(() -> p.registerBuffer("b", Tensor.ones(1).requiresGrad(true)))
        .hasMessage(
            "Probe: registerBuffer: 'b' requires grad; a buffer is not trained "
                + "(register it as a parameter, or pass a tensor that does not require grad)");
    assertThatThrownBy(() -> p.registerBuffer("b", null))
        .hasMessage("Probe: registerBuffer: 'b' is null");
    assertThatThrownBy(() -> p.registerModule("m", null))
        .hasMessage("Probe: registerModule: 'm' is null");
    assertThatThrownBy(() -> p.buffer("none"))
        .hasMessage("Probe: no buffer 'none'; its buffers are []");
    assertThat(p.namedParameters().keySet()).containsExactly("w");
    Sequential outer = new Sequential();
    Sequential inner = new Sequential();
    outer.add(inner);
    assertThatThrownBy(() -> inner.add(outer))
        .hasMessage(
            "Sequential: registerModule: '0' would make a cycle: Sequential is or "
                + "contains this module");
    assertThatThrownBy(() -> outer.add(outer))
        .hasMessage(
            "Sequential: registerModule: '1' would make a cycle: Sequential is or "
                + "contains this module");
  }

  @Test
  void parameterAndBufferLookupsNameWhatExists() {
    Module m =
        new Module() {
          {
            registerParameter("w", Tensor.ones(1));
            registerBuffer("stat", Tensor.zeros(1));
          }

          @Override
          public Tensor forward(Tensor x) {
            return x.mul(parameter("v"));
          }

          @Override
          protected String extraRepr() {
            return "custom";
          }
        };
    assertThatThrownBy(() -> m.apply(Tensor.ones(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Module(custom): no parameter 'v'; its parameters are [w]");
    assertThat(m).hasToString("Module(custom)");
  }

  @Test
  void aForwardPassReturningNullIsAnError() {
    Module nothing =
        new Probe() {
          @Override
          public Tensor forward(Tensor x) {
            return null;
          }
        };
    assertThatThrownBy(() -> nothing.apply(Tensor.ones(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Module: forward returned null");
  }

  @Test
  void sequentialBasics() {
    Sequential s = new Sequential();
    Tensor x = Tensor.ones(2);
    assertThat(s.apply(x)).isSameAs(x);
    s.add(new Tanh()).add(new Sigmoid());
    assertThat(s.size()).isEqualTo(2);
    assertThat(s.get(1)).isInstanceOf(Sigmoid.class);
    assertThat(s.apply(Tensor.zeros(1)).toFloatArray()).containsExactly(0.5f);
    assertThatThrownBy(() -> s.get(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Sequential.get: index 2 is out of range for 2 modules");
    assertThatThrownBy(() -> s.add(null)).hasMessage("Sequential.add: module must not be null");
    assertThatThrownBy(() -> new Sequential(new Tanh(), null))
        .hasMessage("Sequential: module 1 is null");
    assertThatThrownBy(() -> new Sequential((Module[]) null))
        .hasMessage("Sequential: modules must not be null");
  }

  @Test
  void reprOfNestedModulesIsPytorchLike() {
    Sequential m =
        new Sequential(
            new Dense(784, 100), new ReLU(), new Sequential(new Dropout(0.5), new Dense(100, 10)));
    assertThat(m)
        .hasToString(
            """
        Sequential(
          (0): Dense(784 -> 100)
          (1): ReLU()
          (2): Sequential(
            (0): Dropout(p=0.5)
            (1): Dense(100 -> 10)
          )
        )""");
  }

  @Test
  void anOpsErrorIsPrefixedWithTheLayerOnceButAUsersOwnExceptionPassesUnchanged() {
    Module reshapes =
        new Module() {
          @Override
          public Tensor forward(Tensor x) {
            return x.reshape(7);
          }
        };
    NumberFormatException own = new NumberFormatException("not a number");
    Module throwsOwn =
        new Module() {
          @Override
          public Tensor forward(Tensor x) {
            throw own;
          }
        };
    Tensor x = Tensor.zeros(2, 3);

    assertThatThrownBy(() -> new Sequential(new Sequential(reshapes)).apply(x))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .startsWith("Module at model path '0.0': reshape")
        .doesNotContain("Sequential");
    assertThatThrownBy(() -> new Sequential(throwsOwn).apply(x)).isSameAs(own);
  }
}
