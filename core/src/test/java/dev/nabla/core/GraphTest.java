package dev.nabla.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {

  @Test
  void walkListsOpsInTopologicalOrderWithShapesAndInputs() {
    Tensor x = Tensor.ones(2, 3);
    Tensor w = Tensor.ones(3, 4).requiresGrad(true);
    Tensor h = x.matmul(w);
    Tensor loss = h.tanh().sum();

    Graph g = Graph.of(loss);
    List<String> names = g.nodes().stream().map(Node::opName).toList();
    assertThat(names).containsExactly("MatMul", "Tanh", "Sum");
    Node mm = g.nodes().get(0);
    assertThat(mm.inputs()).containsExactly(x, w);
    assertThat(mm.outputShape()).containsExactly(2, 4);
    assertThat(mm.outputDType()).isEqualTo(DType.FLOAT32);
    assertThat(loss.gradFn().inputs().get(0).gradFn().opName()).isEqualTo("Tanh");
    assertThat(g.nodes().get(2).outputShape()).isEmpty();
    assertThat(g.leaves()).containsExactly(x, w);
    assertThat(g.root()).isSameAs(loss);
  }

  @Test
  void sharedSubgraphAppearsOnce() {
    Tensor a = Tensor.ones(2).requiresGrad(true);
    Tensor b = a.exp();
    Tensor c = b.mul(b).add(b);
    assertThat(Graph.of(c).nodes().stream().map(Node::opName).toList())
        .containsExactly("Exp", "Mul", "Add");
  }

  @Test
  void dotExportHasANodePerOpAndLeafAndAnEdgePerInput() {
    Tensor a = Tensor.ones(2).requiresGrad(true);
    Tensor b = Tensor.ones(2);
    Tensor y = a.mul(b).sum();
    String dot = Graph.of(y).toDot();
    assertThat(dot).startsWith("digraph nabla {").endsWith("}\n");
    assertThat(dot)
        .contains("Mul\\n[2] FLOAT32", "Sum\\n[] FLOAT32", "[2] FLOAT32\\nrequires grad");
    assertThat(dot.lines().filter(l -> l.contains("->")).count())
        .isEqualTo(3); // a->Mul, b->Mul, Mul->Sum
    assertThat(dot.lines().filter(l -> l.contains("shape=box")).count()).isEqualTo(2);
    assertThat(dot.lines().filter(l -> l.contains("shape=ellipse")).count()).isEqualTo(2);
  }

  @Test
  void leafHasAnEmptyGraph() {
    Tensor a = Tensor.ones(2).requiresGrad(true);
    assertThat(Graph.of(a).nodes()).isEmpty();
    assertThat(Graph.of(a).leaves()).containsExactly(a);
    assertThat(a.isLeaf()).isTrue();
  }

  @Test
  void releasedNodesReportIt() {
    Tensor a = Tensor.ones(2).requiresGrad(true);
    Tensor y = a.exp().sum();
    Graph g = Graph.of(y);
    assertThat(g.nodes()).noneMatch(Node::isReleased);
    y.backward();
    assertThat(g.nodes()).allMatch(Node::isReleased);
  }
}
