package dev.nabla.train;

import dev.nabla.core.Tensor;
import dev.nabla.layers.Module;
import dev.nabla.optim.Optimizer;
import dev.nabla.train.internal.FiniteState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's parameters and buffers, and optionally its optimizer's state, in one <a
 * href="https://github.com/huggingface/safetensors">safetensors</a> file, so training can resume
 * and the weights open in PyTorch or NumPy tools ({@code safetensors.numpy.load_file}).
 *
 * <pre>{@code
 * Checkpoint.save(out.resolve("model.safetensors"), model, optimizer, epoch, Map.of("seed", "42"));
 * Checkpoint.Info info = Checkpoint.load(out.resolve("model.safetensors"), model, optimizer);
 * int resumeAt = info.epoch() + 1;
 *
 * Checkpoint.save(out.resolve("weights.safetensors"), model); // the weights alone
 * Checkpoint.load(out.resolve("weights.safetensors"), freshModel, null);
 * }</pre>
 *
 * <p>Layout: the model's {@link Module#stateDict()} under {@code "model."} (for instance {@code
 * "model.0.weight"}), the optimizer's {@link Optimizer#stateDict()} under {@code "optimizer."}
 * ({@code "optimizer.lr"}, {@code "optimizer.0.weight.exp_avg"}, ...), and in the header's {@code
 * __metadata__} the epoch ({@code "epoch": "12"}), the optimizer's name ({@code "optimizer":
 * "Adam"}), the layout's version ({@code "nabla_checkpoint": "2"}) and the caller's strings. The
 * weights are as nabla holds them: a {@code Dense} weight is {@code [in, out]}, the transpose of a
 * PyTorch {@code Linear} weight.
 *
 * <p>Every tensor's data and the header carry a CRC32C checksum in {@code __metadata__} ({@code
 * "nabla.crc32c.<name>"} and {@code "nabla.header_crc32c"}, defined in {@link Safetensors}): a load
 * of a file changed on disk, by even one bit, fails with an {@link IOException} naming the file and
 * the tensor (or the header), the expected and the computed checksum. Files without checksums,
 * written by other tools or by nabla before version 2 of the layout, load unchecked.
 *
 * <p>Saving is atomic: a crash during a save leaves the previous file intact, and the temporary
 * file a killed save leaves beside it is removed by the next save or load of that file. It refuses
 * a state holding a NaN or an infinity, naming the tensor and the first bad value, unless {@link
 * SaveOption#ALLOW_NON_FINITE} is given. Loading reads only data (names, dtypes, shapes, numbers):
 * it never executes code, unlike a pickled PyTorch checkpoint. A file that does not fit the model
 * or the optimizer is refused before anything is changed, with a message that names the file and
 * lists every mismatch.
 */
public final class Checkpoint {
  /** Prefix of the model's tensors. */
  public static final String MODEL_PREFIX = "model.";

  /** Prefix of the optimizer's state tensors. */
  public static final String OPTIMIZER_PREFIX = "optimizer.";

  /** Metadata keys nabla writes itself; callers' metadata must not use them. */
  static final String EPOCH = "epoch";

  static final String OPTIMIZER = "optimizer";
  static final String FORMAT = "nabla_checkpoint";
  static final Set<String> RESERVED = Set.of(EPOCH, OPTIMIZER, FORMAT);

  /** Metadata keys starting with this are nabla's too (the checksums). */
  static final String RESERVED_PREFIX = "nabla.";

  /** The layout's version: 2 adds the checksums, which a version-2 file must carry. */
  static final String VERSION = "2";

  private Checkpoint() {}

  /**
   * What a checkpoint says besides the tensors.
   *
   * @param epoch the epoch it was saved after (0: before training)
   * @param metadata the caller's metadata strings, without the keys nabla writes itself
   * @param optimizerRestored whether optimizer state was loaded (false when none was given or
   *     stored)
   */
  public record Info(int epoch, Map<String, String> metadata, boolean optimizerRestored) {
    /** Copies {@code metadata}, keeping its order, into an unmodifiable map. */
    public Info {
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
  }

  /** How {@link #save(Path, Module, Optimizer, int, Map, SaveOption...)} treats what it saves. */
  public enum SaveOption {
    /**
     * Saves NaN and infinite values instead of refusing them, for instance to keep a diverged run's
     * state for a post-mortem.
     */
    ALLOW_NON_FINITE
  }

  /**
   * Saves the weights of {@code model} alone to {@code file} atomically, as epoch 0 with no
   * metadata, like PyTorch's {@code torch.save(model.state_dict(), path)}; {@link #load load} it
   * with a null optimizer.
   *
   * @param options {@link SaveOption#ALLOW_NON_FINITE} to save NaN and infinite values
   * @throws IllegalStateException as {@link #save(Path, Module, Optimizer, int, Map,
   *     SaveOption...)}
   */
  public static void save(Path file, Module model, SaveOption... options) throws IOException {
    save(file, model, null, 0, Map.of(), options);
  }

  /**
   * Saves {@code model} and, unless it is null, {@code optimizer} to {@code file} atomically.
   *
   * @param epoch the number of epochs completed, {@code >= 0}
   * @param metadata extra strings stored in the header (not {@code epoch}, {@code optimizer},
   *     {@code nabla_checkpoint} or keys starting with {@code nabla.}, which nabla writes); may be
   *     empty
   * @param options {@link SaveOption#ALLOW_NON_FINITE} to save NaN and infinite values
   * @throws IllegalStateException when a tensor of the model or the optimizer holds a NaN or an
   *     infinity and {@link SaveOption#ALLOW_NON_FINITE} is not given (nothing is written): a
   *     checkpoint full of them would only replace a good one with garbage
   */
  public static void save(
      Path file,
      Module model,
      Optimizer optimizer,
      int epoch,
      Map<String, String> metadata,
      SaveOption... options)
      throws IOException {
    if (file == null || model == null || metadata == null) {
      throw new IllegalArgumentException(
          "Checkpoint.save: file, model and metadata must not be null, got file="
              + file
              + ", model="
              + (model == null ? null : "given")
              + ", metadata="
              + metadata);
    }
    if (options == null || Arrays.asList(options).contains(null)) {
      throw new IllegalArgumentException(
          "Checkpoint.save: options must not be null, got " + Arrays.toString(options));
    }
    boolean allowNonFinite = Arrays.asList(options).contains(SaveOption.ALLOW_NON_FINITE);
    if (epoch < 0) {
      throw new IllegalArgumentException("Checkpoint.save: epoch must be >= 0, got " + epoch);
    }
    // nulls first: Set.of(...).contains(null) would throw a NullPointerException
    Safetensors.requireNoNulls("Checkpoint.save", metadata);
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (RESERVED.contains(e.getKey()) || e.getKey().startsWith(RESERVED_PREFIX)) {
        throw new IllegalArgumentException(
            "Checkpoint.save: metadata key '"
                + e.getKey()
                + "' is reserved (nabla writes "
                + RESERVED
                + " and the keys starting with '"
                + RESERVED_PREFIX
                + "' itself)");
      }
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    model.stateDict().forEach((n, t) -> tensors.put(MODEL_PREFIX + n, t));
    if (optimizer != null) {
      optimizer.stateDict().forEach((n, t) -> tensors.put(OPTIMIZER_PREFIX + n, t));
    }
    String bad = allowNonFinite ? null : FiniteState.firstNonFinite(tensors);
    if (bad != null) {
      throw new IllegalStateException(
          "Checkpoint.save: refusing to save "
              + file
              + ": "
              + bad
              + " (pass Checkpoint.SaveOption.ALLOW_NON_FINITE to save non-finite values)");
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT, VERSION);
    meta.put(EPOCH, Integer.toString(epoch));
    if (optimizer != null) {
      meta.put(OPTIMIZER, optimizer.name());
    }
    meta.putAll(metadata);
    Safetensors.save(file, tensors, meta);
  }

  /**
   * Loads the model's weights from {@code file} for inference, ignoring any optimizer state in it:
   * {@link #load(Path, Module, Optimizer) load(file, model, null)}, as PyTorch's {@code
   * model.load_state_dict(torch.load(path))}.
   *
   * @throws IOException when the file cannot be read, is not a valid safetensors file, or fails its
   *     checksums (the message names the file and the tensor)
   */
  public static Info load(Path file, Module model) throws IOException {
    return load(file, model, null);
  }

  /**
   * Loads {@code file} into {@code model} and, unless it is null, {@code optimizer}. Either
   * everything fits and is loaded, or nothing changes and an {@link IllegalArgumentException} names
   * the file and lists every mismatch: missing and unexpected tensors, shape and dtype differences,
   * a different kind of optimizer or other hyper-parameters. With a null {@code optimizer} the
   * optimizer state in the file, if any, is ignored (loading weights for inference).
   *
   * @throws IOException when the file cannot be read, is not a valid safetensors file, or fails its
   *     checksums (the message names the file and the tensor)
   */
  public static Info load(Path file, Module model, Optimizer optimizer) throws IOException {
    if (file == null || model == null) {
      throw new IllegalArgumentException(
          "Checkpoint.load: file and model must not be null, got file="
              + file
              + ", model="
              + (model == null ? null : "given"));
    }
    Safetensors.Loaded loaded = Safetensors.read(file);
    Safetensors.Contents contents = loaded.contents();
    Map<String, String> meta = contents.metadata();
    if (VERSION.equals(meta.get(FORMAT)) && !loaded.checksummed()) {
      throw new IOException(
          file
              + ": corrupt checkpoint: its __metadata__ says '"
              + FORMAT
              + "': '"
              + VERSION
              + "', a layout that carries checksums, but it has none: the header was changed");
    }
    int epoch = epochOf(file, meta);

    Map<String, Tensor> modelState = new LinkedHashMap<>();
    Map<String, Tensor> optimizerState = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    contents
        .tensors()
        .forEach(
            (name, t) -> {
              if (name.startsWith(MODEL_PREFIX)) {
                modelState.put(name.substring(MODEL_PREFIX.length()), t);
              } else if (name.startsWith(OPTIMIZER_PREFIX)) {
                optimizerState.put(name.substring(OPTIMIZER_PREFIX.length()), t);
              } else {
                problems.add(
                    "unexpected tensor '" + name + "' (neither 'model.' nor 'optimizer.')");
              }
            });
    boolean withOptimizer = optimizer != null;
    if (withOptimizer && optimizerState.isEmpty()) {
      problems.add(
          "the file holds no optimizer state (it was saved without an optimizer); "
              + "pass a null optimizer to load the model alone");
      withOptimizer = false;
    }
    String savedKind = meta.get(OPTIMIZER);
    if (withOptimizer && savedKind != null && !savedKind.equals(optimizer.name())) {
      problems.add("the optimizer state is " + savedKind + "'s, not " + optimizer.name() + "'s");
      withOptimizer = false;
    }

    // Both loads are all-or-nothing on their own; snapshots make the pair all-or-nothing.
    Map<String, Tensor> modelBefore = copies(model.stateDict());
    Map<String, Tensor> optimizerBefore = withOptimizer ? optimizer.stateDict() : null;
    boolean modelLoaded = false;
    boolean optimizerLoaded = false;
    try {
      model.loadStateDict(modelState);
      modelLoaded = true;
    } catch (IllegalArgumentException e) {
      problems.add("model: " + indent(e.getMessage()));
    }
    if (withOptimizer) {
      try {
        optimizer.loadStateDict(optimizerState);
        optimizerLoaded = true;
      } catch (IllegalArgumentException e) {
        problems.add("optimizer: " + indent(e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      if (modelLoaded) {
        model.loadStateDict(modelBefore);
      }
      if (optimizerLoaded) {
        optimizer.loadStateDict(optimizerBefore);
      }
      throw new IllegalArgumentException(
          "Checkpoint.load: "
              + file
              + " does not fit (nothing was loaded):\n- "
              + String.join("\n- ", problems));
    }
    Map<String, String> user = new LinkedHashMap<>(meta);
    user.keySet().removeAll(RESERVED);
    return new Info(epoch, user, optimizerLoaded);
  }

  private static int epochOf(Path file, Map<String, String> meta) throws IOException {
    String s = meta.get(EPOCH);
    if (s == null) {
      return 0; // weights saved by another tool: no epoch, nothing to resume from
    }
    try {
      int epoch = Integer.parseInt(s);
      if (epoch >= 0) {
        return epoch;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException(
        file + ": __metadata__ 'epoch' is '" + s + "', expected a whole number >= 0");
  }

  private static Map<String, Tensor> copies(Map<String, Tensor> state) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    state.forEach((n, t) -> out.put(n, t.copy()));
    return out;
  }

  private static String indent(String message) {
    return message.replace("\n", "\n  ");
  }
}
