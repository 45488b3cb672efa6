package dev.nabla.train;

/**
 * How {@link Trainer} reports progress. Every style but {@link #SILENT} prints each epoch's line
 * ({@link EpochStats#line}) when the epoch ends, and the lines callbacks log.
 */
public enum ProgressStyle {
  /** {@link #BAR} when the output is a terminal, {@link #LINES} otherwise (a file, a pipe, CI). */
  AUTO,
  /**
   * A live bar per epoch, redrawn in place (batch n/N, elapsed and remaining time, running loss,
   * samples per second), then a bar of the validation batches; the epoch's line replaces them.
   */
  BAR,
  /** Plain lines: at most one every tenth of an epoch, then one per epoch. */
  LINES,
  /** No progress within an epoch: only the epochs' lines. */
  OFF,
  /** Nothing at all, not even the epochs' lines. */
  SILENT
}
