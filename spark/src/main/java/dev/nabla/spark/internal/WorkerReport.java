package dev.nabla.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What a worker task sends back to the driver.
 *
 * @param rank the worker
 * @param epochs per-epoch sums (see {@link WorkerLoop}'s field indices) of the epochs this task ran
 *     or resumed
 * @param model the model's state at the end (rank 0 in the all-reduce mode; every worker in the
 *     averaging mode), or null
 * @param optimizer the optimizer's state at the end, or null
 * @param steps global steps done at the end
 * @param attempt the Spark stage attempt this ran in (0 for the first)
 * @param resumedFrom the step the task resumed from, or -1 when it started from the beginning
 */
public record WorkerReport(
    int rank,
    List<double[]> epochs,
    TensorState model,
    TensorState optimizer,
    long steps,
    int attempt,
    long resumedFrom)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
