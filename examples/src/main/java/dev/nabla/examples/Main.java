package dev.nabla.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs an example program by name: {@code ./nabla <example> [options]}; {@code ./nabla list} shows them. */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0-SNAPSHOT",
    description = "nabla's example programs.",
    subcommands = {
      Main.DemoCommand.class, Xor.class, MnistExamples.TutorialMnist.class, MnistExamples.Mlp.class,
      MnistExamples.Cnn.class, MnistExamples.Fashion.class, CustomOpExample.class, Main.ListCommand.class
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command line and returns its exit code (tests call this; main exits with it). */
  static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public Integer call() {
    return new ListCommand().call();
  }

  @Command(name = "demo", description = "Autodiff on a tiny graph: values, gradients, GradCheck, the graph as DOT.")
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
      CommandLine cl = new CommandLine(new Main());
      System.out.println("Examples (run one with ./nabla <example> [--epochs N] [--batch-size B] [--lr X] "
          + "[--seed S] [--data-dir D] [--out DIR]; --help for details):");
      cl.getSubcommands().forEach((name, sub) -> {
        if (!name.equals("list")) {
          System.out.printf("  %-14s %s%n", name, String.join(" ", sub.getCommandSpec().usageMessage().description()));
        }
      });
      return 0;
    }
  }
}
