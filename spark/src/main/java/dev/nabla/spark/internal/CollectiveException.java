package dev.nabla.spark.internal;

/**
 * A {@link Collective} failed: a peer presented a bad handshake during the rendezvous, died, went
 * silent for longer than the timeout, sent a message out of step, or the calling thread was
 * interrupted. The message names this worker's rank, the peer, the step and what was expected.
 * After an exchange fails the collective is closed.
 */
public final class CollectiveException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure with only a message.
   *
   * @param message what failed, naming this worker, the peer and the step
   */
  public CollectiveException(String message) {
    super(message);
  }

  /**
   * A failure caused by an I/O error.
   *
   * @param message what failed, naming this worker, the peer and the step
   * @param cause the underlying error
   */
  public CollectiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
