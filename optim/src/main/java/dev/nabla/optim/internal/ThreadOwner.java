package dev.nabla.optim.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The thread an optimizer's training state is confined to: bound by the first call that checks it,
 * moved only by an explicit {@link #rebind()}. A check costs one volatile read and a comparison.
 */
public final class ThreadOwner {
  private final AtomicReference<Thread> owner = new AtomicReference<>();

  /**
   * Binds the calling thread if none is bound yet; otherwise throws unless it is the bound one.
   *
   * @param call what is being called, for the message ({@code "SGD.step"})
   * @throws IllegalStateException naming both threads when another thread is bound
   */
  public void check(String call) {
    Thread me = Thread.currentThread();
    Thread bound = owner.get();
    if (bound == me || bound == null && owner.compareAndSet(null, me)) {
      return;
    }
    bound = owner.get(); // another thread may have won the first binding just now
    if (bound != me) {
      throw new IllegalStateException(
          call
              + ": called from thread "
              + describe(me)
              + ", but this optimizer's training state "
              + "is confined to thread "
              + describe(bound)
              + ", which first called step() or "
              + "zeroGrad(). Parameters, gradients and optimizer buffers are not thread-safe: train "
              + "from one thread, or hand the optimizer over with bindToCurrentThread() on the new "
              + "thread once the old one has stopped using it");
    }
  }

  /** Binds the calling thread, replacing any other. */
  public void rebind() {
    owner.set(Thread.currentThread());
  }

  /** The bound thread, or null before the first check. */
  public Thread owner() {
    return owner.get();
  }

  private static String describe(Thread t) {
    return "'" + t.getName() + "' (id " + t.threadId() + ")";
  }
}
