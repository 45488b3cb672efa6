package dev.nabla.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The collective over loopback, every rank a thread of this JVM: exact rank-order sums, the
 * rendezvous' checks, and faults that end in an exception rather than a hang.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CollectiveTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What one rank does with its connected collective. */
  @FunctionalInterface
  interface RankBody<T> {
    T run(Collective collective) throws Exception;
  }

  /** One rank's outcome: what its body returned, or what it threw. */
  record Outcome<T>(T value, Throwable error) {}

  private static byte[] token(int seed) {
    byte[] token = new byte[32];
    new SplittableRandom(seed).nextBytes(token);
    return token;
  }

  /**
   * Runs {@code n} ranks as threads: every listener is opened first (the allGather of addresses),
   * then every rank connects and runs {@code body}, then closes.
   */
  private static <T> List<Outcome<T>> runRanks(
      int n, Duration timeout, byte[][] tokens, RankBody<T> body) throws Exception {
    List<Collective.Listener> listeners = new ArrayList<>();
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      Collective.Listener listener = Collective.listen(LOOPBACK);
      listeners.add(listener);
      addresses.add(listener.address());
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        futures.add(
            pool.submit(
                () -> {
                  try (Collective c =
                      Collective.connect(
                          listeners.get(rank), rank, addresses, tokens[rank], timeout)) {
                    return body.run(c);
                  }
                }));
      }
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          outcomes.add(new Outcome<>(f.get(), null));
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause()));
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
      for (Collective.Listener l : listeners) {
        l.close();
      }
    }
  }

  private static <T> List<T> runRanks(int n, RankBody<T> body) throws Exception {
    List<T> values = new ArrayList<>();
    for (Outcome<T> o : runRanks(n, TIMEOUT, sameTokens(n), body)) {
      if (o.error() != null) {
        throw new AssertionError("a rank failed", o.error());
      }
      values.add(o.value());
    }
    return values;
  }

  /** Rank {@code rank}'s data: mixed magnitudes, so the order of the additions matters. */
  private static float[] data(long seed, int rank, int length) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + rank);
    float[] d = new float[length];
    for (int i = 0; i < length; i++) {
      double magnitude = Math.pow(10, random.nextInt(-6, 7));
      d[i] = (float) ((random.nextDouble() * 2 - 1) * magnitude);
    }
    return d;
  }

  /** ((d0 + d1) + d2) + ... computed here, independently of the collective. */
  private static float[] rankOrderSum(long seed, int n, int length, boolean reverse) {
    float[] sum = new float[length];
    for (int i = 0; i < n; i++) {
      float[] d = data(seed, reverse ? n - 1 - i : i, length);
      for (int k = 0; k < length; k++) {
        sum[k] = i == 0 ? d[k] : sum[k] + d[k];
      }
    }
    return sum;
  }

  /** The first index where the two arrays' bits differ, -1 if none (or the shorter's length). */
  private static int firstDifference(float[] a, float[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return i;
      }
    }
    return a.length == b.length ? -1 : Math.min(a.length, b.length);
  }

  /** Bit for bit, naming the first element that differs (not the whole array). */
  private static void assertSameBits(float[] actual, float[] expected, String what) {
    int i = firstDifference(actual, expected);
    if (i >= 0) {
      throw new AssertionError(
          i < Math.min(actual.length, expected.length)
              ? String.format(
                  "%s: element %d is %s (0x%08x), expected %s (0x%08x)",
                  what,
                  i,
                  actual[i],
                  Float.floatToRawIntBits(actual[i]),
                  expected[i],
                  Float.floatToRawIntBits(expected[i]))
              : what + ": " + actual.length + " elements, expected " + expected.length);
    }
  }

  @Test
  void allReduceSumIsTheRankOrderSumBitForBitOnEveryRank() throws Exception {
    for (int n = 2; n <= 4; n++) {
      int size = n;
      int[] lengths = {0, 1, n - 1, 1000, 300_001};
      List<List<float[]>> results =
          runRanks(
              n,
              c -> {
                List<float[]> mine = new ArrayList<>();
                for (int i = 0; i < lengths.length; i++) {
                  float[] d = data(size * 100 + i, c.rank(), lengths[i]);
                  c.allReduceSum(d, i);
                  mine.add(d);
                }
                return mine;
              });
      for (int i = 0; i < lengths.length; i++) {
        float[] expected = rankOrderSum(n * 100 + i, n, lengths[i], false);
        for (int r = 0; r < n; r++) {
          assertSameBits(
              results.get(r).get(i), expected, "rank " + r + " of " + n + ", length " + lengths[i]);
        }
      }
    }
  }

  @Test
  void theTestDataIsOrderSensitiveSoTheBitwiseTestCouldFail() {
    for (int n = 3; n <= 4; n++) {
      // the same data as the bitwise test's length-1000 case
      assertThat(
              firstDifference(
                  rankOrderSum(n * 100 + 3, n, 1000, true),
                  rankOrderSum(n * 100 + 3, n, 1000, false)))
          .as("first element where the reverse-order sum differs, %d workers", n)
          .isNotNegative();
    }
  }

  /**
   * Runs {@code steps} all-reduces of {@code length} floats on one collective of {@code n} workers
   * and checks every step's result on every rank, bit for bit.
   */
  private static void assertEveryStepIsTheRankOrderSum(int n, int length, int steps, long seed)
      throws Exception {
    List<List<float[]>> results =
        runRanks(
            n,
            c -> {
              List<float[]> mine = new ArrayList<>();
              for (int s = 0; s < steps; s++) {
                float[] d = data(seed + s, c.rank(), length);
                c.allReduceSum(d, s);
                mine.add(d);
              }
              assertThat(c.bytesSent()).isPositive();
              assertThat(c.waitingNanos() + c.transferNanos()).isPositive();
              return mine;
            });
    for (int s = 0; s < steps; s++) {
      float[] expected = rankOrderSum(seed + s, n, length, false);
      for (int r = 0; r < n; r++) {
        assertSameBits(results.get(r).get(s), expected, "rank " + r + " step " + s);
      }
    }
  }

  @Test
  void manyConsecutiveStepsOnTheSameCollective() throws Exception {
    assertEveryStepIsTheRankOrderSum(3, 10_007, 40, 5000);
  }

  @Test
  void aFewMillionFloatsStreamThroughTheFixedBuffers() throws Exception {
    assertEveryStepIsTheRankOrderSum(4, 3_000_001, 2, 9000);
  }

  @Test
  void broadcastGivesEveryRankTheRootsData() throws Exception {
    int n = 4;
    int root = 2;
    List<float[]> results =
        runRanks(
            n,
            c -> {
              float[] d = data(77, c.rank(), 100_003);
              c.broadcast(d, root, 0);
              // an all-reduce after it still lines up
              float[] e = data(78, c.rank(), 17);
              c.allReduceSum(e, 1);
              return d;
            });
    float[] expected = data(77, root, 100_003);
    for (int r = 0; r < n; r++) {
      assertSameBits(results.get(r), expected, "rank " + r);
    }
  }

  @Test
  void sizeOneNeedsNoSocketsAndLeavesTheDataAlone() throws Exception {
    Collective.Listener listener = Collective.listen(LOOPBACK);
    Collective c = Collective.connect(listener, 0, List.of(listener.address()), token(1), TIMEOUT);
    float[] d = data(3, 0, 11);
    float[] copy = d.clone();
    c.allReduceSum(d, 0);
    c.broadcast(d, 0, 1);
    assertSameBits(d, copy, "size 1");
    assertThat(c.size()).isEqualTo(1);
    assertThat(c.bytesSent()).isZero();
    c.close();
    c.close(); // idempotent
    assertThatThrownBy(() -> c.allReduceSum(d, 2))
        .isInstanceOf(CollectiveException.class)
        .hasMessage("worker 0: allReduceSum at step 2 on a closed collective (close() was called)");
  }

  @Test
  void aPeerThatNeverListensIsRetriedUntilTheTimeoutThenNamed() throws Exception {
    Collective.Listener gone = Collective.listen(LOOPBACK);
    InetSocketAddress goneAddress = gone.address();
    gone.close(); // connects to it are refused
    Collective.Listener own = Collective.listen(LOOPBACK);
    List<InetSocketAddress> peers = List.of(goneAddress, own.address());
    long start = System.nanoTime();
    assertThatThrownBy(() -> Collective.connect(own, 1, peers, token(1), Duration.ofMillis(500)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "worker 1: could not connect to worker 0 at "
                + goneAddress
                + " within 500 ms during the rendezvous: ");
    assertThat(System.nanoTime() - start)
        .isBetween(TimeUnit.MILLISECONDS.toNanos(450), TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void anInterruptDuringTheRendezvousEndsItWithTheInterruptKept() throws Exception {
    // rank 0's listener is open but nobody accepts on it: rank 1 waits for its answer
    Collective.Listener silent = Collective.listen(LOOPBACK);
    Collective.Listener own = Collective.listen(LOOPBACK);
    List<InetSocketAddress> peers = List.of(silent.address(), own.address());
    Thread self = Thread.currentThread();
    ScheduledExecutorService interrupter = Executors.newSingleThreadScheduledExecutor();
    try {
      interrupter.schedule(self::interrupt, 300, TimeUnit.MILLISECONDS);
      long start = System.nanoTime();
      assertThatThrownBy(() -> Collective.connect(own, 1, peers, token(1), TIMEOUT))
          .isInstanceOf(InterruptedIOException.class)
          .hasMessageStartingWith("worker 1: ")
          .hasMessageContaining("worker 0 at " + silent.address());
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      interrupter.shutdownNow();
      Thread.interrupted();
      silent.close();
    }
  }

  /** Sends a handshake as a stranger would, returns the listener's one-byte answer. */
  private static int handshake(Socket s, int magic, byte[] token, int rank) throws IOException {
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    out.writeInt(magic);
    out.writeInt(Collective.VERSION);
    out.writeInt(2);
    out.writeInt(rank);
    out.writeInt(token.length);
    out.write(token);
    out.flush();
    return s.getInputStream().read();
  }

  /** What a stranger does on its connection to a worker's listener. */
  @FunctionalInterface
  interface Stranger {
    int talk(Socket socket) throws IOException;
  }

  /** How the rendezvous ended for rank 0 of 2 after a stranger connected to it. */
  record Refusal(Throwable error, int answer, int strangerPort) {}

  /** Rank 0 of 2 in the background, accepting; a stranger connects to it first. */
  private static Refusal rankZeroFacing(Stranger stranger) throws Exception {
    Collective.Listener listener = Collective.listen(LOOPBACK);
    Collective.Listener unused = Collective.listen(LOOPBACK);
    List<InetSocketAddress> peers = List.of(listener.address(), unused.address());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Socket s = new Socket(listener.address().getAddress(), listener.address().getPort())) {
      Future<Collective> rank0 =
          pool.submit(() -> Collective.connect(listener, 0, peers, token(1), TIMEOUT));
      int answer = stranger.talk(s);
      ExecutionException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class, () -> rank0.get(5, TimeUnit.SECONDS));
      return new Refusal(e.getCause(), answer, s.getLocalPort());
    } finally {
      pool.shutdownNow();
      listener.close();
      unused.close();
    }
  }

  /** Rank 0 refused the stranger with {@code answer} and threw naming it and {@code problem}. */
  private static void assertRefused(Refusal refusal, String problem, byte answer) {
    assertThat(refusal.error())
        .isInstanceOf(CollectiveException.class)
        .hasMessage(
            "worker 0: refused a connection from /127.0.0.1:"
                + refusal.strangerPort()
                + " during the rendezvous: "
                + problem);
    assertThat(refusal.answer()).isEqualTo(answer);
  }

  @Test
  void aStrangerWithTheRightMagicButABadTokenFailsTheRendezvous() throws Exception {
    assertRefused(
        rankZeroFacing(s -> handshake(s, Collective.MAGIC, token(2), 1)),
        "it presented a bad token",
        Collective.REFUSE_TOKEN);
  }

  @Test
  void aConnectionClaimingARankThatDoesNotDialThisWorkerIsRefused() throws Exception {
    // rank 0 of 2 accepts only rank 1; the token is right (rank 0's is token(1))
    assertRefused(
        rankZeroFacing(s -> handshake(s, Collective.MAGIC, token(1), 0)),
        "it claimed rank 0, expected 1 to 1 (the ranks above this worker's dial it)",
        Collective.REFUSE_HANDSHAKE);
  }

  @Test
  void aStrangerSpeakingAnotherProtocolIsRefused() throws Exception {
    assertRefused(
        rankZeroFacing(
            s -> {
              s.getOutputStream()
                  .write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              return s.getInputStream().read();
            }),
        "it sent 0x47455420 where a nabla worker sends the magic number 0x4e61426c (it is not a"
            + " nabla worker)",
        Collective.REFUSE_HANDSHAKE);
  }

  @Test
  void workersGivenDifferentTokensBothFail() throws Exception {
    byte[][] tokens = {token(1), token(2)};
    List<Outcome<Object>> outcomes = runRanks(2, TIMEOUT, tokens, c -> null);
    assertThat(outcomes.get(0).error())
        .isInstanceOf(CollectiveException.class)
        .hasMessageStartingWith("worker 0: refused a connection from /127.0.0.1:")
        .hasMessageEndingWith("it presented a bad token");
    assertThat(outcomes.get(1).error())
        .isInstanceOf(CollectiveException.class)
        .hasMessageStartingWith("worker 1: worker 0 at ")
        .hasMessageContaining("refused our token");
  }

  private static byte[][] sameTokens(int n) {
    byte[][] tokens = new byte[n][];
    Arrays.fill(tokens, token(7));
    return tokens;
  }

  /** How rank 0's step 1 ended: what it threw, how long it took, whether it kept its interrupt. */
  record Fault(Throwable error, long nanos, boolean interrupted) {}

  /** Something done to rank 0 from another thread while it is in its step 1. */
  @FunctionalInterface
  interface Disturbance {
    void disturb(Thread rankZero, Collective collective);
  }

  /**
   * Two workers do step 0; then rank 1 does {@code rankOne} and waits until rank 0 is done, while
   * rank 0 calls step 1 ({@code disturbance}, if not null, comes 300 ms after it started).
   */
  private static Fault rankZeroAtStepOne(
      Duration timeout, Disturbance disturbance, RankBody<Object> rankOne) throws Exception {
    CountDownLatch rankZeroDone = new CountDownLatch(1);
    AtomicLong nanos = new AtomicLong();
    AtomicBoolean interrupted = new AtomicBoolean();
    ScheduledExecutorService disturber = Executors.newSingleThreadScheduledExecutor();
    try {
      List<Outcome<Object>> outcomes =
          runRanks(
              2,
              timeout,
              sameTokens(2),
              c -> {
                c.allReduceSum(data(1, c.rank(), 1000), 0);
                if (c.rank() == 1) {
                  rankOne.run(c);
                  rankZeroDone.await();
                  return null;
                }
                Thread self = Thread.currentThread();
                if (disturbance != null) {
                  disturber.schedule(
                      () -> disturbance.disturb(self, c), 300, TimeUnit.MILLISECONDS);
                }
                long start = System.nanoTime();
                try {
                  c.allReduceSum(data(2, 0, 1000), 1);
                  return null;
                } finally {
                  nanos.set(System.nanoTime() - start);
                  interrupted.set(self.isInterrupted());
                  rankZeroDone.countDown();
                }
              });
      assertThat(outcomes.get(1).error()).isNull();
      return new Fault(outcomes.get(0).error(), nanos.get(), interrupted.get());
    } finally {
      disturber.shutdownNow();
    }
  }

  @Test
  void aPeerThatClosesFailsTheOthersNextStepNamingIt() throws Exception {
    Fault fault =
        rankZeroAtStepOne(
            TIMEOUT,
            null,
            c -> {
              c.close();
              return null;
            });
    assertThat(fault.nanos()).isLessThan(TIMEOUT.toNanos() / 2);
    assertThat(fault.error())
        .isInstanceOf(CollectiveException.class)
        .hasMessageStartingWith("worker 0: ")
        .hasMessageContaining("worker 1")
        .hasMessageContaining(" at step 1 (reduce-scatter)")
        .hasMessageEndingWith("it died or failed");
  }

  @Test
  void withThreeWorkersTheFirstSurvivorToFailNamesTheDeadOne() throws Exception {
    List<Outcome<Object>> outcomes =
        runRanks(
            3,
            TIMEOUT,
            sameTokens(3),
            c -> {
              c.allReduceSum(data(1, c.rank(), 30_000), 0);
              if (c.rank() == 2) {
                c.close();
                return null;
              }
              try {
                c.allReduceSum(data(2, c.rank(), 30_000), 1);
              } catch (CollectiveException e) {
                // a further call says the collective is closed and why
                assertThatThrownBy(() -> c.allReduceSum(new float[30_000], 2))
                    .isInstanceOf(CollectiveException.class)
                    .hasMessageStartingWith(
                        "worker "
                            + c.rank()
                            + ": allReduceSum at step 2 on a closed collective"
                            + " (it failed: ");
                throw e;
              }
              return null;
            });
    List<String> messages = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      assertThat(outcomes.get(r).error())
          .isInstanceOf(CollectiveException.class)
          .hasMessageStartingWith("worker " + r + ": ")
          .hasMessageContaining(" at step 1 (")
          .hasMessageEndingWith("it died or failed");
      messages.add(outcomes.get(r).error().getMessage());
    }
    // whichever survivor failed first saw worker 2 gone (the other survivor was still alive)
    assertThat(messages)
        .anyMatch(
            m ->
                m.contains("worker 2 closed its connection")
                    || m.contains("connection to worker 2 failed"));
  }

  @Test
  void aSilentPeerTimesOutNamingItAndTheStep() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    // rank 1 stays alive and connected but never calls step 1
    Fault fault = rankZeroAtStepOne(timeout, null, c -> null);
    assertThat(fault.nanos()).isBetween(timeout.toNanos() * 9 / 10, timeout.toNanos() * 2);
    assertThat(fault.error())
        .isInstanceOf(CollectiveException.class)
        .hasMessage(
            "worker 0: no data from worker 1 for 1 s at step 1 (reduce-scatter); it may be dead or"
                + " stuck (the timeout is 1 s, set by connect)");
  }

  @Test
  void anInterruptedRankReturnsPromptlyWithTheInterruptKept() throws Exception {
    Fault fault = rankZeroAtStepOne(TIMEOUT, (rankZero, c) -> rankZero.interrupt(), c -> null);
    assertThat(fault.nanos()).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(fault.error())
        .isInstanceOf(CollectiveException.class)
        .hasMessage(
            "worker 0: interrupted at step 1 (reduce-scatter) while exchanging with workers [1];"
                + " the collective is closed");
    assertThat(fault.interrupted()).isTrue();
  }

  @Test
  void closeFromAnotherThreadEndsAStepPromptly() throws Exception {
    Fault fault = rankZeroAtStepOne(TIMEOUT, (rankZero, c) -> c.close(), c -> null);
    assertThat(fault.nanos()).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(fault.error())
        .isInstanceOf(CollectiveException.class)
        .hasMessage(
            "worker 0: the collective was closed at step 1 (reduce-scatter) by another thread");
  }

  @Test
  void arraysOfDifferentLengthsAreNamed() throws Exception {
    List<Outcome<Object>> outcomes =
        runRanks(
            2,
            TIMEOUT,
            sameTokens(2),
            c -> {
              c.allReduceSum(new float[c.rank() == 0 ? 10 : 11], 0);
              return null;
            });
    assertThat(outcomes.get(0).error())
        .isInstanceOf(CollectiveException.class)
        .hasMessage(
            "worker 0: worker 1 passed an array of 11 floats at step 0 (reduce-scatter), this"
                + " worker 10; every worker must pass arrays of the same length");
  }
}
