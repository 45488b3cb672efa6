package dev.nabla.optim;

import static dev.nabla.optim.OptimTestSupport.param;
import static dev.nabla.optim.OptimTestSupport.setGrad;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Training state is confined to the thread that trains: misuse from another thread fails clearly.
 */
class ThreadConfinementTest {

  /** Runs {@code body} on a new thread named {@code name}, waits for it, returns what it threw. */
  private static Throwable onThread(String name, Runnable body) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            name);
    t.start();
    t.join();
    return thrown.get();
  }

  @Test
  void stepFromASecondThreadFailsNamingBothThreadsAndChangesNothing() throws Exception {
    Tensor w = param(DType.FLOAT64, 1.0, 2.0);
    SGD opt = new SGD(List.of(w), 0.5);
    setGrad(w, 1.0, 1.0);
    opt.step();
    assertThat(w.toDoubleArray()).containsExactly(0.5, 1.5);
    Thread me = Thread.currentThread();

    Throwable e = onThread("intruder", opt::step);

    assertThat(e)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("SGD.step: called from thread 'intruder' (id ")
        .hasMessageContaining(
            "confined to thread '" + me.getName() + "' (id " + me.threadId() + ")")
        .hasMessageContaining("bindToCurrentThread()");
    assertThat(w.toDoubleArray())
        .as("the refused step left the parameter alone")
        .containsExactly(0.5, 1.5);
    assertThat(opt.stepCount()).isEqualTo(1);
  }

  @Test
  void zeroGradFromASecondThreadFailsToo() throws Exception {
    Tensor w = param(DType.FLOAT32, 1.0);
    Adam opt = new Adam(List.of(w), 0.1);
    opt.zeroGrad();
    setGrad(w, 3.0);
    Throwable e = onThread("other", opt::zeroGrad);
    assertThat(e)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Adam.zeroGrad: called from thread 'other'");
    assertThat(w.grad()).as("the gradient was not cleared behind the trainer's back").isNotNull();
  }

  @Test
  void theThreadThatTrainsOwnsTheOptimizerWhereverItWasBuilt() throws Exception {
    Tensor w = param(DType.FLOAT64, 1.0);
    SGD opt = new SGD(List.of(w), 1.0);
    assertThat(opt.ownerThread()).as("unbound before the first step").isNull();
    Thread[] worker = new Thread[1];
    Throwable e =
        onThread(
            "trainer",
            () -> {
              worker[0] = Thread.currentThread();
              for (int i = 0; i < 3; i++) {
                opt.zeroGrad();
                setGrad(w, 1.0);
                opt.step();
              }
            });
    assertThat(e).isNull();
    assertThat(opt.ownerThread()).isSameAs(worker[0]);
    assertThat(w.toDoubleArray()).containsExactly(-2.0);
    // The building thread did not train, so it is the intruder now.
    org.assertj.core.api.Assertions.assertThatThrownBy(opt::step)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("confined to thread 'trainer'");
  }

  @Test
  void bindToCurrentThreadHandsTrainingOverExplicitly() throws Exception {
    Tensor w = param(DType.FLOAT64, 0.0);
    SGD opt = new SGD(List.of(w), 1.0);
    assertThat(
            onThread(
                "first",
                () -> {
                  setGrad(w, -1.0);
                  opt.step();
                }))
        .isNull();

    opt.bindToCurrentThread(); // after join(): this thread sees what "first" left
    setGrad(w, -1.0);
    opt.step();
    assertThat(w.toDoubleArray()).containsExactly(2.0);
    assertThat(opt.ownerThread()).isSameAs(Thread.currentThread());
    assertThat(onThread("first-again", opt::step)).isInstanceOf(IllegalStateException.class);
  }
}
