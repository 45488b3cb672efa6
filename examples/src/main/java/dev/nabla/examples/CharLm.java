package dev.nabla.examples;

import dev.nabla.core.Backend;
import dev.nabla.core.Grad;
import dev.nabla.core.Tensor;
import dev.nabla.datasets.Austen;
import dev.nabla.datasets.CharVocabulary;
import dev.nabla.datasets.Example;
import dev.nabla.datasets.LoadOptions;
import dev.nabla.datasets.TextDataset;
import dev.nabla.losses.CrossEntropyLoss;
import dev.nabla.optim.AdamW;
import dev.nabla.optim.GradClip;
import dev.nabla.train.Checkpoint;
import dev.nabla.train.EpochStats;
import dev.nabla.train.History;
import dev.nabla.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./nabla char-lm}: a GPT-style character model trained on Jane Austen's six novels for a
 * fixed wall time, then asked to continue a prompt. The model and the training recipe are those of
 * {@code ../shared/peers/lm/char_gpt_torch.py}, the PyTorch reference it is measured against:
 * random windows of the training text (the first 90 % of each novel), AdamW, a linear warm-up,
 * gradient clipping, and the loss on fixed validation windows (the last 10 %).
 */
@Command(
    name = "char-lm",
    description =
        "A small GPT (4 blocks, 4 heads, width 128, context 128) learns Jane Austen's novels "
            + "character by character for --minutes, then writes text from --prompt.")
final class CharLm implements Callable<Integer> {
  @Mixin CharLmOptions o = new CharLmOptions();

  @Override
  public Integer call() throws IOException {
    o.begin();
    PrintStream out = System.out;
    LoadOptions load = LoadOptions.defaults();
    if (o.dataDir != null) {
      load = load.dataDir(o.dataDir);
    }
    Austen austen = Austen.load(load);
    CharVocabulary vocab = austen.vocabulary();
    for (int cp : o.prompt.codePoints().toArray()) {
      if (!vocab.contains(cp)) {
        throw o.bad(
            "--prompt: the character '"
                + Character.toString(cp)
                + "' (U+"
                + String.format(Locale.ROOT, "%04X", cp)
                + ") never occurs in the novels, so the model cannot read it");
      }
    }
    int context = o.context();
    TextDataset train = austen.train(vocab, context, 1);
    TextDataset validation = austen.validation(vocab, context, 1);
    CharGpt model =
        new CharGpt(
            new CharGpt.Config(vocab.size(), o.layers(), o.heads(), o.embd(), context), o.seed);
    out.printf(
        Locale.ROOT,
        "char-lm: %s · %,d parameters · vocabulary %d · %,d training and %,d validation"
            + " characters · kernels %s, %d threads%n",
        o.describe(),
        model.parameterCount(),
        vocab.size(),
        train.tokenCount(),
        validation.tokenCount(),
        Backend.kernels(),
        Backend.threads());

    List<Tensor> params = model.parameters();
    AdamW opt = new AdamW(model.namedParameters(), o.lr, 0.9, 0.999, 1e-8, o.weightDecay);
    CrossEntropyLoss lossFn = new CrossEntropyLoss();
    int batch = o.batch();
    SplittableRandom trainRng = new SplittableRandom(o.seed);
    List<Example> valBatches = fixedBatches(validation, batch, o.evalBatches);

    History history = new History();
    Result result = new Result();
    ProgressLine progress = new ProgressLine(out, o.progress, o.seconds());
    long start = System.nanoTime();
    double intervalTrainSeconds = 0;
    double intervalLoss = 0;
    int intervalSteps = 0;
    int steps = 0;
    long tokens = 0;
    double trainSeconds = 0;
    while (true) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      if (elapsed >= o.seconds() || (o.steps != null && steps >= o.steps)) {
        trainSeconds = elapsed;
        break;
      }
      long stepStart = System.nanoTime();
      opt.setLearningRate(o.lr * Math.min(1.0, (steps + 1) / (double) o.warmup));
      Example ex = train.batch(randomIndices(trainRng, train.size(), batch));
      Tensor logits = model.apply(ex.input());
      Tensor loss =
          lossFn.apply(
              logits.reshape(batch * context, vocab.size()), ex.target().reshape(batch * context));
      opt.zeroGrad();
      loss.backward();
      GradClip.clipGradNorm(params, o.clip);
      opt.step();
      steps++;
      tokens += (long) batch * context;
      intervalLoss += loss.item();
      intervalSteps++;
      intervalTrainSeconds += (System.nanoTime() - stepStart) / 1e9;
      double now = (System.nanoTime() - start) / 1e9;
      progress.step(steps, now, tokens / now, intervalLoss / intervalSteps);
      if (steps % o.evalEvery == 0) {
        // Inside the time budget, on every fixed validation batch: as the PyTorch reference does.
        long evalStart = System.nanoTime();
        double v = meanLoss(model, lossFn, valBatches, vocab);
        double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
        history.add(
            new EpochStats(
                history.size() + 1,
                intervalLoss / intervalSteps,
                v,
                Double.NaN,
                intervalTrainSeconds + evalSeconds,
                intervalSteps * (double) batch / intervalTrainSeconds));
        double at = (System.nanoTime() - start) / 1e9;
        progress.line(
            String.format(
                Locale.ROOT,
                "step %d  %.0f s  train_loss=%.4f  val_loss=%.4f  tokens/s=%.0f",
                steps,
                at,
                intervalLoss / intervalSteps,
                v,
                tokens / at));
        intervalTrainSeconds = 0;
        intervalLoss = 0;
        intervalSteps = 0;
      }
    }
    progress.close();
    double valLoss = meanLoss(model, lossFn, valBatches, vocab);
    out.printf(
        Locale.ROOT,
        "trained %d steps in %.1f s (%.0f tokens/s); validation loss %.4f nats/char on %d batches"
            + " of %d x %d%n",
        steps,
        trainSeconds,
        tokens / trainSeconds,
        valLoss,
        valBatches.size(),
        batch,
        context);

    Path dir = o.out;
    Checkpoint.save(
        dir.resolve(Trainer.MODEL_FILE),
        model,
        opt,
        0,
        Map.of(
            "vocabulary", new String(vocab.codePoints(), 0, vocab.size()), "config", o.describe()));
    if (!history.isEmpty()) {
      history.writeCsv(dir.resolve(Trainer.HISTORY_CSV));
      history.writeChart(
          dir.resolve(Trainer.HISTORY_PNG),
          "char-lm · " + o.describe() + " · one point per " + o.evalEvery + " steps");
    }
    out.println(
        "wrote "
            + dir.resolve(Trainer.MODEL_FILE)
            + (history.isEmpty()
                ? ""
                : ", "
                    + dir.resolve(Trainer.HISTORY_CSV)
                    + " and "
                    + dir.resolve(Trainer.HISTORY_PNG)));

    Sampler sampler = new Sampler(model, vocab, o.temperature, o.topK, o.seed);
    long t0 = System.nanoTime();
    String text = sampler.continueText(o.prompt, o.tokenCount());
    double sampleSeconds = (System.nanoTime() - t0) / 1e9;
    out.println("--- sample (temperature " + o.temperature + ", top-k " + o.topK + ") ---");
    out.println(o.prompt + text);
    out.println("---");
    result
        .put("val_loss", valLoss)
        .put("tokens_per_s", Math.round(tokens / trainSeconds))
        .put("steps", steps)
        .put("sample_tokens_per_s", Math.round(o.tokenCount() / sampleSeconds));
    result.print();
    return 0;
  }

  static int[] randomIndices(SplittableRandom rng, int bound, int count) {
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = rng.nextInt(bound);
    }
    return idx;
  }

  /** {@code count} batches of random validation windows, the same on every run. */
  static List<Example> fixedBatches(TextDataset data, int batch, int count) {
    SplittableRandom rng = new SplittableRandom(7);
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> data.batch(randomIndices(rng, data.size(), batch)))
        .toList();
  }

  /** The mean cross-entropy (nats per character) over {@code batches}, in evaluation mode. */
  static double meanLoss(
      CharGpt model, CrossEntropyLoss lossFn, List<Example> batches, CharVocabulary vocab) {
    double sum = 0;
    try (var _ = Grad.disabled()) {
      for (Example b : batches) {
        Tensor logits = model.predict(b.input());
        int n = b.target().size();
        sum += lossFn.apply(logits.reshape(n, vocab.size()), b.target().reshape(n)).item();
      }
    }
    return sum / batches.size();
  }

  /** The live line on a terminal (redrawn at most twice a second), nothing elsewhere. */
  static final class ProgressLine {
    private final PrintStream out;
    private final boolean live;
    private final double budget;
    private long lastDraw;
    private boolean drawn;

    ProgressLine(PrintStream out, dev.nabla.train.ProgressStyle style, double budgetSeconds) {
      this.out = out;
      boolean terminal = System.console() != null && System.console().isTerminal();
      this.live =
          style == dev.nabla.train.ProgressStyle.BAR
              || (style == dev.nabla.train.ProgressStyle.AUTO && terminal);
      this.budget = budgetSeconds;
    }

    void step(int step, double seconds, double tokensPerSecond, double runningLoss) {
      long now = System.nanoTime();
      if (!live || now - lastDraw < 500_000_000L) {
        return;
      }
      lastDraw = now;
      int width = 30;
      int filled = (int) Math.min(width, Math.round(width * seconds / budget));
      out.printf(
          Locale.ROOT,
          "\r[%s%s] %s/%s  step %d  loss %.4f  %,.0f tokens/s ",
          "#".repeat(filled),
          " ".repeat(width - filled),
          clock(seconds),
          clock(budget),
          step,
          runningLoss,
          tokensPerSecond);
      out.flush();
      drawn = true;
    }

    void line(String text) {
      erase();
      out.println(text);
    }

    void close() {
      erase();
    }

    private void erase() {
      if (drawn) {
        out.print("\r" + " ".repeat(100) + "\r");
        drawn = false;
      }
    }

    private static String clock(double seconds) {
      long s = Math.round(seconds);
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
  }
}
