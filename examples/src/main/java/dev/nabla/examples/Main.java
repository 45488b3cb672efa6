package dev.nabla.examples;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Runs an example program by name: {@code ./nabla <example> [options]}; {@code ./nabla list} shows
 * them.
 */
@Command(
    name = "nabla",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    version = "nabla 0.1.0-SNAPSHOT",
    description = "nabla's example programs.",
    subcommands = {
      Main.DemoCommand.class,
      Xor.class,
      MnistExamples.TutorialMnist.class,
      MnistExamples.Mlp.class,
      MnistExamples.Cnn.class,
      MnistExamples.Fashion.class,
      CharLm.class,
      CustomOpExample.class,
      RunOnnx.class,
      OnnxMnist.class,
      Main.ListCommand.class
    })
public final class Main implements Callable<Integer> {
  /** The exit code of a command line that could not be parsed or whose values are not allowed. */
  static final int USAGE = 2;

  public static void main(String[] args) {
    AotCache.checkUsed();
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command line and returns its exit code: 0 on success (and for {@code --help}), 2 for a
   * bad command line, 1 when the example failed. Never exits the JVM (tests call this; main exits).
   */
  static int run(String... args) {
    return commandLine()
        .setParameterExceptionHandler(Main::badCommandLine)
        .setExecutionExceptionHandler((e, cl, parsed) -> failed(e, cl))
        .execute(args);
  }

  /** The command line of every example, without handlers. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    Xor.keepOnlyItsOptions(cl.getSubcommands().get("xor").getCommandSpec());
    return cl;
  }

  /**
   * One line on stderr: the command, what is wrong (the option, what is allowed, what was given).
   */
  private static int badCommandLine(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String what = u.getUnmatched().getFirst();
      if (cl.getCommandSpec().parent() == null) {
        message =
            "unknown example or command '"
                + what
                + "'; the examples are "
                + String.join(", ", examples(cl))
                + "; the commands list, test, install, bench, peers, "
                + "spark-mnist, spark-bench and help (./nabla help)";
      } else {
        message =
            (what.startsWith("-") ? "unknown option '" : "unexpected argument '")
                + what
                + "'; "
                + cl.getCommandName()
                + " takes "
                + optionNames(cl.getCommandSpec());
      }
    }
    PrintWriter err = cl.getErr();
    err.println(
        prefix(cl)
            + message
            + (cl.getCommandSpec().parent() == null
                ? ""
                : " (./nabla " + cl.getCommandName() + " --help explains the options)"));
    err.flush();
    return USAGE;
  }

  /**
   * An example that threw: one line naming it and the error, no stack trace (set NABLA_DEBUG=1 for
   * one).
   */
  private static int failed(Exception e, CommandLine cl) {
    PrintWriter err = cl.getErr();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    err.println(prefix(cl) + "failed: " + message.lines().collect(Collectors.joining(" ")));
    if (System.getenv("NABLA_DEBUG") != null) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  private static String prefix(CommandLine cl) {
    return cl.getCommandSpec().parent() == null ? "nabla: " : "nabla " + cl.getCommandName() + ": ";
  }

  /** The examples' names, as ./nabla list shows them. */
  static List<String> examples(CommandLine cl) {
    CommandLine root = cl;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root.getSubcommands().keySet().stream().filter(n -> !n.equals("list")).toList();
  }

  /**
   * The options of a command, for messages: {@code --epochs, --lr, ... (and -h, --help, -V,
   * --version)}.
   */
  static String optionNames(CommandSpec spec) {
    return spec.options().stream()
            .filter(o -> !o.usageHelp() && !o.versionHelp())
            .map(OptionSpec::longestName)
            .collect(Collectors.joining(", "))
        + ", --help";
  }

  @Override
  public Integer call() {
    return new ListCommand().call();
  }

  @Command(
      name = "demo",
      description = "Autodiff on a tiny graph: values, gradients, GradCheck, the graph as DOT.")
  static final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      return Demo.run();
    }
  }

  @Command(name = "list", description = "Lists the examples.")
  static final class ListCommand implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(header());
      commandLine()
          .getSubcommands()
          .forEach(
              (name, sub) -> {
                if (!name.equals("list")) {
                  System.out.printf(
                      "  %-14s %s%n",
                      name, String.join(" ", sub.getCommandSpec().usageMessage().description()));
                }
              });
      System.out.println(
          "and, on Apache Spark (nabla-spark): ./nabla spark-mnist (the mnist-mlp recipe, trained"
              + " data-parallel), ./nabla spark-bench (its scaling); see ./nabla help");
      return 0;
    }

    /**
     * The first line of the list: the training examples' options, taken from their command line.
     */
    static String header() {
      CommandSpec spec = commandLine().getSubcommands().get("mnist-mlp").getCommandSpec();
      String flags =
          spec.options().stream()
              .filter(o -> !o.usageHelp() && !o.versionHelp())
              .map(
                  o ->
                      "["
                          + o.longestName()
                          + (o.arity().max() > 0 ? " " + o.paramLabel() : "")
                          + "]")
              .collect(Collectors.joining(" "));
      return "Examples (run one with ./nabla <example> "
          + flags
          + "; ./nabla <example> --help shows which options it takes and their defaults):";
    }
  }
}
