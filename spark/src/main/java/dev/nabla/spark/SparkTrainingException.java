package dev.nabla.spark;

/**
 * A {@link SparkTrainer} run that failed: a worker died or failed, the collective timed out, a
 * connection presented a bad token, or the job's input or configuration was wrong. The message
 * names the worker and the step where one is known, and the Spark failure is the cause.
 */
public final class SparkTrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with its message and cause. */
  public SparkTrainingException(String message, Throwable cause) {
    super(message, cause);
  }
}
