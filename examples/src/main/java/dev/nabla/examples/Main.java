package dev.nabla.examples;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Runs an example program by name: {@code ./nabla <example> [args...]}. */
public final class Main {
  private static final Map<String, Example> EXAMPLES = new TreeMap<>();

  static {
    EXAMPLES.put("demo", new Example("autodiff on a tiny graph: values, gradients, the graph as DOT", Demo::main));
  }

  private record Example(String summary, Consumer<String[]> run) {}

  private Main() {}

  public static void main(String[] args) {
    if (args.length == 0 || args[0].equals("list")) {
      System.out.println("Examples (run one with ./nabla <example>):");
      EXAMPLES.forEach((name, e) -> System.out.printf("  %-12s %s%n", name, e.summary()));
      return;
    }
    Example e = EXAMPLES.get(args[0]);
    if (e == null) {
      System.err.println("nabla: unknown example '" + args[0] + "'; known: " + String.join(", ", EXAMPLES.keySet()));
      System.exit(2);
    }
    e.run().accept(Arrays.copyOfRange(args, 1, args.length));
  }
}
