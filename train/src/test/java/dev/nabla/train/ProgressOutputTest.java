package dev.nabla.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nabla.datasets.DataLoader;
import dev.nabla.layers.Module;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.Adam;
import dev.nabla.train.internal.ProgressOutput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each progress style leaves on the screen, read as a terminal shows it: a carriage return
 * moves back to the line's start and later characters overwrite earlier ones.
 */
class ProgressOutputTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

  private String raw() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The lines a terminal shows once everything was printed, trailing blanks dropped. */
  private static List<String> screen(String raw) {
    List<String> lines = new ArrayList<>();
    for (String line : raw.split("\n", -1)) {
      StringBuilder shown = new StringBuilder();
      int col = 0;
      for (char c : line.toCharArray()) {
        if (c == '\r') {
          col = 0;
        } else {
          if (col < shown.length()) {
            shown.setCharAt(col, c);
          } else {
            shown.append(c);
          }
          col++;
        }
      }
      lines.add(shown.toString().stripTrailing());
    }
    if (lines.getLast().isEmpty()) {
      lines.removeLast(); // after the last newline
    }
    return lines;
  }

  /** The frames the bar drew, in order: what each carriage return started. */
  private static List<String> frames(String raw) {
    List<String> frames = new ArrayList<>();
    for (String part : raw.split("[\r\n]")) {
      if (part.startsWith("epoch ") && part.contains("[")) {
        frames.add(part.stripTrailing());
      }
    }
    return frames;
  }

  /** Two epochs of 10 training and 4 validation batches. */
  private List<String> run(Trainer trainer) {
    trainer.fit(new DataLoader(Blobs.of(100, 1L), 10), new DataLoader(Blobs.of(40, 2L), 10), 2);
    return screen(raw());
  }

  private static Trainer trainer() {
    Module model = Blobs.mlp(3L);
    return new Trainer(model, new CrossEntropyLoss(), new Adam(model.namedParameters(), 0.01));
  }

  private static void assertOneSummaryLinePerEpoch(List<String> screen) {
    assertThat(screen).filteredOn(l -> l.contains("train_loss=")).hasSize(2);
    assertThat(screen)
        .filteredOn(l -> l.contains("train_loss="))
        .allMatch(
            l ->
                l.matches(
                    "epoch [12]/2 train_loss=\\d\\.\\d{4} val_loss=\\S+ "
                        + "val_accuracy=\\S+ seconds=\\S+ samples/s=\\d+"));
  }

  @Test
  void barLeavesOnlyTheEpochLinesAndShowsValidationWhileItRuns() {
    long[] now = {0};
    // a clock a second further on at every look: every batch may redraw
    List<String> screen = run(trainer().setBarProgress(out, 100, () -> now[0] += 1_000_000_000L));

    assertOneSummaryLinePerEpoch(screen);
    assertThat(screen).hasSize(2); // the bar was erased each time, nothing is glued to a line
    List<String> frames = frames(raw());
    assertThat(frames).anyMatch(f -> f.startsWith("epoch 1/2 [") && f.contains(" 10/10 "));
    assertThat(frames).anyMatch(f -> f.startsWith("epoch 1/2 validating [") && f.endsWith(" 4/4"));
    assertThat(frames).anyMatch(f -> f.startsWith("epoch 2/2 validating [") && f.endsWith(" 0/4"));
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i))
          .as("frame %d is not drawn twice", i)
          .isNotEqualTo(frames.get(i - 1));
    }
    assertThat(frames).allMatch(f -> f.length() < 100);
  }

  @Test
  void barDrawsAtMostOneFrameAMomentButAlwaysTheEnds() {
    // a clock that never moves: only the frames drawn whatever the time
    List<String> screen = run(trainer().setBarProgress(out, 100, () -> 0L));
    assertOneSummaryLinePerEpoch(screen);
    assertThat(frames(raw()))
        .extracting(f -> f.replaceAll(" \\[.*\\] +\\d+% (\\d+/\\d+).*", " $1"))
        .containsExactly(
            "epoch 1/2 1/10",
            "epoch 1/2 10/10",
            "epoch 1/2 validating 0/4",
            "epoch 2/2 1/10",
            "epoch 2/2 10/10",
            "epoch 2/2 validating 0/4");
  }

  @Test
  void aLineLoggedWhileTheBarIsShownStartsOnItsOwnLine() {
    ProgressOutput bar = ProgressOutput.bar(out, 80, () -> 0L);
    try (ProgressOutput.Epoch e = bar.startEpoch(1, 3, 5)) {
      e.batch(1, 10, 0.5, 1);
      bar.line("a message");
      e.batch(2, 20, 0.5, 2);
    }
    bar.line("epoch 1/3 done");
    assertThat(screen(raw())).containsExactly("a message", "epoch 1/3 done");
    assertThat(raw()).doesNotContain("\n\n");
  }

  @Test
  void linesPrintProgressLinesAndOneLinePerEpochWithoutCarriageReturns() {
    List<String> screen = run(trainer().setProgress(ProgressStyle.LINES, out));
    assertOneSummaryLinePerEpoch(screen);
    assertThat(screen).filteredOn(l -> l.contains(" batch ")).hasSize(18);
    assertThat(raw()).doesNotContain("\r");
  }

  @Test
  void offHidesTheProgressButKeepsTheEpochLines() {
    List<String> screen = run(trainer().setProgress(ProgressStyle.OFF, out));
    assertOneSummaryLinePerEpoch(screen);
    assertThat(screen).hasSize(2);
    assertThat(raw()).doesNotContain("\r");
  }

  @Test
  void silentPrintsNothingAtAll() {
    assertThat(run(trainer().setProgress(ProgressStyle.SILENT, out))).isEmpty();
  }
}
