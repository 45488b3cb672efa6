package dev.nabla.train;

/** How {@link Trainer} reports progress. */
public enum ProgressStyle {
  /** {@link #BAR} when the output is a terminal, {@link #LINES} otherwise (a file, a pipe, CI). */
  AUTO,
  /**
   * A live bar per epoch, redrawn in place (batch n/N, elapsed and remaining time, running loss,
   * samples per second), then the epoch's line.
   */
  BAR,
  /** Plain lines: at most one every tenth of an epoch, then one per epoch. */
  LINES,
  /** Nothing. */
  OFF
}
