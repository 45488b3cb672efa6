package dev.nabla.onnx.internal.ops;

import dev.nabla.core.DType;
import dev.nabla.core.Tensor;
import dev.nabla.onnx.internal.runtime.UnsupportedNodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An Einstein summation, parsed at load and evaluated with differentiable tensor ops: a label
 * repeated within a term takes the diagonal (reshape and a strided slice), a label only one operand
 * has and the output lacks is summed away, and operands are multiplied two at a time as one batched
 * matmul (batch labels, kept labels of each side, contracted labels), then permuted to the output's
 * order. Ellipses broadcast right-aligned as numpy's do; size-1 dimensions broadcast.
 */
final class Einsum {
  /** Labels of the dimensions an ellipsis stands for start here (letters are their char codes). */
  private static final int ELLIPSIS = 1 << 16;

  private final String equation;
  private final int[][] terms; // letters as char codes, -1 where the ellipsis stands
  private final int[] output; // the same, for the output (implicit mode: computed)

  private Einsum(String equation, int[][] terms, int[] output) {
    this.equation = equation;
    this.terms = terms;
    this.output = output;
  }

  /** Parses {@code equation} for {@code operands} inputs; a malformed one throws at load. */
  static Einsum parse(String equation, int operands) {
    String eq = equation.replace(" ", "");
    int arrow = eq.indexOf("->");
    String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
    String rhs = arrow < 0 ? null : eq.substring(arrow + 2);
    String[] parts = lhs.split(",", -1);
    if (parts.length != operands) {
      throw new UnsupportedNodeException(
          "equation '"
              + equation
              + "' has "
              + parts.length
              + " input term(s) but the node has "
              + operands
              + " input(s)");
    }
    int[][] terms = new int[parts.length][];
    boolean anyEllipsis = false;
    for (int k = 0; k < parts.length; k++) {
      terms[k] = term(equation, parts[k]);
      anyEllipsis |= Arrays.stream(terms[k]).anyMatch(l -> l < 0);
    }
    int[] out;
    if (rhs != null) {
      out = term(equation, rhs);
      Set<Integer> seen = new TreeSet<>();
      for (int l : out) {
        if (!seen.add(l)) {
          throw new UnsupportedNodeException(
              "equation '" + equation + "': the output repeats " + label(l));
        }
        if (l < 0 && !anyEllipsis) {
          throw new UnsupportedNodeException(
              "equation '" + equation + "': the output has '...' but no input term has");
        }
        if (l >= 0 && Arrays.stream(terms).noneMatch(t -> Arrays.stream(t).anyMatch(x -> x == l))) {
          throw new UnsupportedNodeException(
              "equation '" + equation + "': output label " + label(l) + " is in no input term");
        }
      }
    } else {
      // implicit mode: the ellipsis first, then the letters that occur once, alphabetically
      int[] count = new int[128];
      for (int[] t : terms) {
        for (int l : t) {
          if (l >= 0) {
            count[l]++;
          }
        }
      }
      List<Integer> o = new ArrayList<>();
      if (anyEllipsis) {
        o.add(-1);
      }
      for (int c = 0; c < 128; c++) {
        if (count[c] == 1) {
          o.add(c);
        }
      }
      out = o.stream().mapToInt(Integer::intValue).toArray();
    }
    return new Einsum(equation, terms, out);
  }

  private static int[] term(String equation, String s) {
    List<Integer> labels = new ArrayList<>();
    boolean ellipsis = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        labels.add((int) c);
      } else if (c == '.' && s.startsWith("...", i) && !ellipsis) {
        ellipsis = true;
        labels.add(-1);
        i += 2;
      } else {
        throw new UnsupportedNodeException(
            "equation '"
                + equation
                + "': term '"
                + s
                + "' has '"
                + c
                + "' at "
                + i
                + " (expected letters and at most one '...')");
      }
    }
    return labels.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String label(int l) {
    return l < 0 ? "'...'" : l >= ELLIPSIS ? "'...' dimension" : "'" + (char) l + "'";
  }

  /** An operand during evaluation: its tensor and the label of each of its axes. */
  private record Operand(Tensor t, List<Integer> labels) {}

  /**
   * Evaluates the equation. Integer operands (which nabla's matmul does not take) are computed in
   * float64 and the result converted back: exact while every partial sum stays below 2^53.
   */
  Tensor apply(Tensor[] in) {
    DType dtype = in[0].dtype();
    for (int k = 1; k < in.length; k++) {
      if (in[k].dtype() != dtype) {
        throw new IllegalArgumentException(
            "Einsum '"
                + equation
                + "': operands must share a dtype, got "
                + dtype
                + " and "
                + in[k].dtype()
                + " (operand "
                + k
                + ")");
      }
    }
    if (dtype == DType.BOOL) {
      throw new IllegalArgumentException(
          "Einsum '" + equation + "': bool operands are not numeric");
    }
    if (!dtype.isFloatingPoint()) {
      Tensor[] wide = new Tensor[in.length];
      for (int k = 0; k < in.length; k++) {
        wide[k] = in[k].to(DType.FLOAT64);
      }
      return evaluate(wide).to(dtype);
    }
    return evaluate(in);
  }

  private Tensor evaluate(Tensor[] in) {
    // how many dimensions the ellipsis stands for (the most any operand gives it)
    int ellipsisRank = 0;
    int[] own = new int[in.length];
    for (int k = 0; k < in.length; k++) {
      int named = (int) Arrays.stream(terms[k]).filter(l -> l >= 0).count();
      boolean hasEllipsis = named < terms[k].length;
      if (hasEllipsis ? in[k].rank() < named : in[k].rank() != named) {
        throw new IllegalArgumentException(
            "Einsum '"
                + equation
                + "': operand "
                + k
                + " has shape "
                + Arrays.toString(in[k].shape())
                + " but its term names "
                + named
                + " dimension(s)"
                + (hasEllipsis ? " and '...'" : ""));
      }
      own[k] = in[k].rank() - named;
      ellipsisRank = Math.max(ellipsisRank, own[k]);
    }
    List<Operand> ops = new ArrayList<>();
    for (int k = 0; k < in.length; k++) {
      List<Integer> labels = new ArrayList<>();
      for (int l : terms[k]) {
        if (l < 0) {
          for (int j = ellipsisRank - own[k]; j < ellipsisRank; j++) {
            labels.add(ELLIPSIS + j);
          }
        } else {
          labels.add(l);
        }
      }
      ops.add(diagonals(new Operand(in[k], labels)));
    }
    List<Integer> out = new ArrayList<>();
    for (int l : output) {
      if (l < 0) {
        for (int j = 0; j < ellipsisRank; j++) {
          out.add(ELLIPSIS + j);
        }
      } else {
        out.add(l);
      }
    }
    broadcast(ops);
    Operand acc = sumAway(ops.get(0), keep(out, ops, 1));
    for (int k = 1; k < ops.size(); k++) {
      Set<Integer> keep = keep(out, ops, k + 1);
      acc =
          product(
              sumAway(acc, union(keep, ops.get(k).labels)),
              sumAway(ops.get(k), union(keep, acc.labels)),
              keep);
    }
    acc = sumAway(acc, new LinkedHashSet<>(out));
    int[] perm = new int[out.size()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = acc.labels.indexOf(out.get(i));
    }
    return isIdentity(perm) ? acc.t : acc.t.permute(perm);
  }

  /**
   * The labels to keep after combining operands before {@code from}: the output's and later ones'.
   */
  private static Set<Integer> keep(List<Integer> out, List<Operand> ops, int from) {
    Set<Integer> keep = new LinkedHashSet<>(out);
    for (int k = from; k < ops.size(); k++) {
      keep.addAll(ops.get(k).labels);
    }
    return keep;
  }

  private static Set<Integer> union(Set<Integer> a, List<Integer> b) {
    Set<Integer> u = new LinkedHashSet<>(a);
    u.addAll(b);
    return u;
  }

  /** Takes the diagonal of every label the operand repeats, until each label occurs once. */
  private Operand diagonals(Operand op) {
    Tensor t = op.t;
    List<Integer> labels = new ArrayList<>(op.labels);
    for (int p = 0; p < labels.size(); p++) {
      int q = labels.lastIndexOf(labels.get(p));
      if (q == p) {
        continue;
      }
      int n = t.dim(p);
      if (t.dim(q) != n) {
        throw new IllegalArgumentException(
            "Einsum '"
                + equation
                + "': label "
                + label(labels.get(p))
                + " repeats with sizes "
                + n
                + " and "
                + t.dim(q)
                + " in shape "
                + Arrays.toString(t.shape()));
      }
      int rank = t.rank();
      int[] perm = new int[rank];
      int j = 0;
      for (int a = 0; a < rank; a++) {
        if (a != p && a != q) {
          perm[j++] = a;
        }
      }
      perm[rank - 2] = p;
      perm[rank - 1] = q;
      int[] shape = new int[rank - 1];
      for (int a = 0; a < rank - 2; a++) {
        shape[a] = t.dim(perm[a]);
      }
      shape[rank - 2] = n * n;
      // element (i, i) of the trailing n x n block is at i * (n + 1) of its flattening
      t = t.permute(perm).reshape(shape).slice(rank - 2, 0, n * n, n + 1);
      int l = labels.get(p);
      List<Integer> next = new ArrayList<>();
      for (int a = 0; a < rank - 2; a++) {
        next.add(labels.get(perm[a]));
      }
      next.add(l);
      labels = next;
      p = -1; // start over: positions moved
    }
    return new Operand(t, labels);
  }

  /**
   * Checks that each label has one size across the operands, and drops the size-1 axes of a label
   * another operand has larger (they broadcast).
   */
  private void broadcast(List<Operand> ops) {
    java.util.Map<Integer, Integer> size = new java.util.HashMap<>();
    for (Operand op : ops) {
      for (int a = 0; a < op.labels.size(); a++) {
        int l = op.labels.get(a), n = op.t.dim(a);
        Integer prev = size.get(l);
        if (prev == null || prev == 1) {
          size.put(l, n);
        } else if (n != 1 && n != prev) {
          throw new IllegalArgumentException(
              "Einsum '"
                  + equation
                  + "': label "
                  + label(l)
                  + " has sizes "
                  + prev
                  + " and "
                  + n
                  + " (operand shapes "
                  + shapes(ops)
                  + ")");
        }
      }
    }
    for (int k = 0; k < ops.size(); k++) {
      Operand op = ops.get(k);
      List<Integer> labels = new ArrayList<>();
      List<Integer> dims = new ArrayList<>();
      for (int a = 0; a < op.labels.size(); a++) {
        int l = op.labels.get(a);
        if (op.t.dim(a) == 1 && size.get(l) != 1) {
          continue;
        }
        labels.add(l);
        dims.add(op.t.dim(a));
      }
      if (labels.size() < op.labels.size()) {
        ops.set(
            k,
            new Operand(op.t.reshape(dims.stream().mapToInt(Integer::intValue).toArray()), labels));
      }
    }
  }

  private static String shapes(List<Operand> ops) {
    List<String> s = new ArrayList<>();
    for (Operand op : ops) {
      s.add(Arrays.toString(op.t.shape()));
    }
    return String.join(", ", s);
  }

  /** Sums the axes whose labels are not in {@code keep}. */
  private static Operand sumAway(Operand op, Set<Integer> keep) {
    List<Integer> axes = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int a = 0; a < op.labels.size(); a++) {
      if (keep.contains(op.labels.get(a))) {
        labels.add(op.labels.get(a));
      } else {
        axes.add(a);
      }
    }
    if (axes.isEmpty()) {
      return op;
    }
    return new Operand(op.t.sum(axes.stream().mapToInt(Integer::intValue).toArray()), labels);
  }

  /**
   * The product of two operands summed over their shared labels not in {@code keep}, as one batched
   * matmul [batch, M, K] x [batch, K, N]; the result's labels are batch, a's own, b's own.
   */
  private static Operand product(Operand a, Operand b, Set<Integer> keep) {
    List<Integer> batch = new ArrayList<>(), contract = new ArrayList<>();
    List<Integer> aOnly = new ArrayList<>(), bOnly = new ArrayList<>();
    for (int l : a.labels) {
      if (b.labels.contains(l)) {
        (keep.contains(l) ? batch : contract).add(l);
      } else {
        aOnly.add(l);
      }
    }
    for (int l : b.labels) {
      if (!a.labels.contains(l)) {
        bOnly.add(l);
      }
    }
    Tensor ta = arrange(a, batch, aOnly, contract);
    Tensor tb = arrange(b, batch, contract, bOnly);
    int bs = size(a, batch), m = size(a, aOnly), k = size(a, contract), n = size(b, bOnly);
    Tensor p = ta.reshape(bs, m, k).matmul(tb.reshape(bs, k, n));
    List<Integer> labels = new ArrayList<>(batch);
    labels.addAll(aOnly);
    labels.addAll(bOnly);
    int[] shape = new int[labels.size()];
    for (int i = 0; i < shape.length; i++) {
      int l = labels.get(i);
      shape[i] = a.labels.contains(l) ? a.t.dim(a.labels.indexOf(l)) : b.t.dim(b.labels.indexOf(l));
    }
    return new Operand(p.reshape(shape), labels);
  }

  /** The operand's axes permuted to the order of the label groups. */
  @SafeVarargs
  private static Tensor arrange(Operand op, List<Integer>... groups) {
    int[] perm = new int[op.labels.size()];
    int i = 0;
    for (List<Integer> g : groups) {
      for (int l : g) {
        perm[i++] = op.labels.indexOf(l);
      }
    }
    return isIdentity(perm) ? op.t : op.t.permute(perm);
  }

  private static int size(Operand op, List<Integer> labels) {
    int s = 1;
    for (int l : labels) {
      s *= op.t.dim(op.labels.indexOf(l));
    }
    return s;
  }

  private static boolean isIdentity(int[] perm) {
    for (int i = 0; i < perm.length; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return true;
  }
}
