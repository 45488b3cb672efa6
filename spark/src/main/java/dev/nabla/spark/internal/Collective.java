package dev.nabla.spark.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An all-reduce over TCP between the workers of a data-parallel training job, with results that are
 * the same bits on every worker.
 *
 * <p>The workers find each other in two steps: each {@linkplain #listen opens a listener}, the
 * listeners' addresses are exchanged outside this class (Spark's {@code allGather}), then each
 * worker {@linkplain #connect connects} the full mesh: one TCP connection per pair, rank {@code i}
 * dials every rank below it and accepts every rank above it. Every connection presents a shared
 * secret token in its handshake.
 *
 * <p>{@link #allReduceSum} is a direct reduce-scatter then all-gather: the array is split into
 * {@code size} contiguous chunks, chunk {@code r} is summed by rank {@code r} in rank order ({@code
 * ((d0 + d1) + d2) + ...}) and sent back to everyone, so each element is added in the same order on
 * the same rank whatever the timing. All sockets are non-blocking and driven by one {@link
 * Selector} on the calling thread, which sends and receives at once (two peers writing large
 * buffers to each other cannot deadlock).
 *
 * <p>Faults never hang: a peer that closes or breaks its connection, a peer that sends nothing for
 * the timeout, a message out of step, or an interrupt of the calling thread makes the call throw a
 * {@link CollectiveException} that names this worker, the peer and the step, and closes the
 * collective.
 *
 * <p>On the wire: the handshake is big-endian ints (magic, version, group size, rank, token length)
 * and the token, answered by one byte. Each exchange message is a header (phase byte, step as a
 * long, then offset, length and the whole array's length in floats as ints) followed by the floats,
 * all little-endian; the receiver checks every header field. Each peer has one direct send buffer
 * and one direct receive buffer of fixed size, allocated at connect: arrays of any length stream
 * through them.
 *
 * <p>Not thread-safe: one thread calls the exchanges; {@link #close()} may come from any thread.
 */
public final class Collective implements AutoCloseable {

  /** The first word of a handshake: "NaBl". */
  static final int MAGIC = 0x4e61426c;

  /** The protocol version in the handshake. */
  static final int VERSION = 1;

  /** The acceptor's answer: the connection is accepted. */
  static final byte ACCEPT = 1;

  /** The acceptor's answer: the token is not the acceptor's. */
  static final byte REFUSE_TOKEN = 2;

  /** The acceptor's answer: the magic, version, group size or rank is wrong. */
  static final byte REFUSE_HANDSHAKE = 3;

  /** A token longer than this is refused without reading it. */
  static final int MAX_TOKEN_BYTES = 1024;

  /** Bytes of a message header: phase (1), step (8), offset, length and array length (4 each). */
  static final int HEADER_BYTES = 1 + Long.BYTES + 3 * Integer.BYTES;

  /**
   * Bytes of each peer's send buffer and of its receive buffer: 1 MiB moved an MLP's 0.94 MB of
   * gradients between two workers over loopback in 0.59 ms a step, 256 KiB in 0.92 ms.
   */
  private static final int BUFFER_BYTES = 1 << 20;

  private static final ValueLayout.OfFloat FLOAT_LE =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** The kind of an exchange, sent as the first byte of each of its messages. */
  private enum Phase {
    REDUCE_SCATTER((byte) 'R', "reduce-scatter"),
    ALL_GATHER((byte) 'G', "all-gather"),
    BROADCAST((byte) 'B', "broadcast");

    final byte code;
    final String label;

    Phase(byte code, String label) {
      this.code = code;
      this.label = label;
    }

    static String describe(byte code) {
      for (Phase p : values()) {
        if (p.code == code) {
          return "a " + p.label + " message";
        }
      }
      return String.format("an unknown message kind 0x%02x (a corrupt stream?)", code & 0xff);
    }
  }

  /** One peer's connection and the state of its part of the current exchange. */
  private static final class Peer {
    final int rank;
    final SocketChannel channel;
    final SelectionKey key;

    /** Bytes to send, in read mode (position is the next byte to write). */
    final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment outSegment = MemorySegment.ofBuffer(out);

    /** Bytes received, in write mode; may hold the start of a later message between exchanges. */
    final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    final MemorySegment inSegment = MemorySegment.ofBuffer(in);

    boolean sending;
    boolean headerSent;
    float[] sendData;
    int sendOffset;
    int sendPos;
    int sendEnd;

    boolean receiving;
    boolean headerReceived;
    float[] recvData;
    int recvPos;
    int recvEnd;
    int expectedOffset;
    int expectedLength;

    long lastProgress;

    Peer(int rank, SocketChannel channel, Selector selector) throws IOException {
      this.rank = rank;
      this.channel = channel;
      out.limit(0);
      channel.configureBlocking(false);
      this.key = channel.register(selector, 0, this);
    }

    /** Sends {@code data[from, to)}, whose first float is element {@code offset} of the array. */
    void send(float[] data, int from, int to, int offset) {
      sending = true;
      headerSent = false;
      sendData = data;
      sendPos = from;
      sendEnd = to;
      sendOffset = offset;
    }

    /**
     * Receives elements {@code [offset, offset + length)} of the array into {@code data[at...]}.
     */
    void receive(float[] data, int at, int offset, int length) {
      receiving = true;
      headerReceived = false;
      recvData = data;
      recvPos = at;
      recvEnd = at + length;
      expectedOffset = offset;
      expectedLength = length;
    }

    boolean pending() {
      return sending || receiving;
    }

    void updateInterest() {
      key.interestOps(
          (sending ? SelectionKey.OP_WRITE : 0) | (receiving ? SelectionKey.OP_READ : 0));
    }
  }

  /**
   * A listening socket: step 1 of the rendezvous. Its {@link #address()} is what the other workers
   * pass to {@link #connect}.
   */
  public static final class Listener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final InetSocketAddress address;

    private Listener(ServerSocketChannel server, InetSocketAddress address) {
      this.server = server;
      this.address = address;
    }

    /**
     * The address the listener is bound to, for the other workers.
     *
     * @return the bind address and the ephemeral port chosen
     */
    public InetSocketAddress address() {
      return address;
    }

    /** Closes the listening socket; idempotent. {@link #connect} closes it when it is done. */
    @Override
    public void close() {
      try {
        server.close();
      } catch (IOException ignored) {
        // nothing is lost: no connection is pending on a listener being closed
      }
    }
  }

  private final int rank;
  private final int size;
  private volatile long timeoutNanos;
  private final Selector selector;
  private final Peer[] peers;

  /** Per peer, chunk {@code rank} as that peer sent it in the reduce-scatter. */
  private final float[][] staging;

  private volatile boolean closed;
  private volatile String failure;

  private Phase phase;
  private long step;
  private int total;
  private int headersPending;
  private long headersArrived;

  private long waitingNanos;
  private long transferNanos;
  private long bytesSent;

  private Collective(int rank, int size, long timeoutNanos, SocketChannel[] channels)
      throws IOException {
    this.rank = rank;
    this.size = size;
    this.timeoutNanos = timeoutNanos;
    this.peers = new Peer[size];
    this.staging = new float[size][];
    if (size == 1) {
      this.selector = null;
      return;
    }
    Selector s = Selector.open();
    try {
      for (int j = 0; j < size; j++) {
        if (j != rank) {
          peers[j] = new Peer(j, channels[j], s);
        }
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    this.selector = s;
  }

  /**
   * Opens a listening socket on an ephemeral port: step 1 of the rendezvous.
   *
   * @param bindAddress the address to listen on; the other workers connect to it, so it should be
   *     this host's address as they see it (not the wildcard address)
   * @return the listener, whose {@link Listener#address()} the workers exchange
   * @throws IOException if no port can be bound on {@code bindAddress}
   */
  public static Listener listen(InetAddress bindAddress) throws IOException {
    Objects.requireNonNull(bindAddress, "listen: bindAddress must not be null");
    ServerSocketChannel server = ServerSocketChannel.open();
    try {
      server.bind(new InetSocketAddress(bindAddress, 0), 128);
      return new Listener(server, (InetSocketAddress) server.getLocalAddress());
    } catch (IOException e) {
      server.close();
      throw new IOException("listen: could not bind a port on " + bindAddress + ": " + e, e);
    }
  }

  /**
   * Connects the full mesh: step 2 of the rendezvous. Rank {@code i} dials every rank below it
   * (retrying while the peer's listener refuses, up to {@code timeout}) and accepts one connection
   * from every rank above it. The dialing side sends a magic number, the protocol version, the
   * group size, its rank and the token; the accepting side checks them all and answers with an
   * accept byte, or a refuse byte and closes the connection. Closes {@code own} when done.
   *
   * @param own this worker's listener, from {@link #listen}
   * @param rank this worker's rank, {@code 0 <= rank < peers.size()}
   * @param peers every rank's listener address, by rank ({@code peers.get(rank)} is {@code own}'s)
   * @param token a secret every worker was given (for instance 32 random bytes); every connection
   *     must present it
   * @param timeout bounds every wait: the connects, each handshake, each accept, and later each
   *     exchange's lack of progress with a peer
   * @return the connected collective
   * @throws CollectiveException if a connection presents a bad magic, version, token, group size or
   *     rank, or a peer refuses our token; the message names this worker, the remote address and
   *     what was wrong
   * @throws InterruptedIOException if the calling thread is interrupted (its interrupt status is
   *     kept)
   * @throws IOException if a peer cannot be reached or does not answer within {@code timeout}
   */
  public static Collective connect(
      Listener own, int rank, List<InetSocketAddress> peers, byte[] token, Duration timeout)
      throws IOException {
    Objects.requireNonNull(own, "connect: own listener must not be null");
    Objects.requireNonNull(peers, "connect: peers must not be null");
    Objects.requireNonNull(token, "connect: token must not be null");
    Objects.requireNonNull(timeout, "connect: timeout must not be null");
    int size = peers.size();
    if (size == 0 || rank < 0 || rank >= size) {
      throw new IllegalArgumentException(
          "connect: rank "
              + rank
              + " is out of range for "
              + size
              + " peer addresses (expected 0 to "
              + (size - 1)
              + ")");
    }
    if (token.length == 0 || token.length > MAX_TOKEN_BYTES) {
      throw new IllegalArgumentException(
          "connect: the token has "
              + token.length
              + " bytes, expected 1 to "
              + MAX_TOKEN_BYTES
              + " (for instance 32 random bytes)");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() == 0) {
      throw new IllegalArgumentException(
          "connect: the timeout is " + timeout + ", expected at least 1 ms");
    }
    long timeoutNanos = timeout.toNanos();
    SocketChannel[] channels = new SocketChannel[size];
    boolean connected = false;
    try {
      for (int j = 0; j < rank; j++) {
        SocketAddress address = peers.get(j);
        if (address == null) {
          throw new IllegalArgumentException(
              "connect: peers.get(" + j + ") is null, expected rank " + j + "'s listener address");
        }
        channels[j] = dial(rank, size, j, address, token, timeoutNanos);
      }
      for (int k = rank + 1; k < size; k++) {
        accept(own, rank, size, token, channels, timeoutNanos);
      }
      Collective collective = new Collective(rank, size, timeoutNanos, channels);
      connected = true;
      return collective;
    } finally {
      own.close();
      if (!connected) {
        for (SocketChannel c : channels) {
          closeQuietly(c);
        }
      }
    }
  }

  /** Dials rank {@code peer} and presents our handshake; returns the accepted connection. */
  private static SocketChannel dial(
      int rank, int size, int peer, SocketAddress address, byte[] token, long timeoutNanos)
      throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    String who = "worker " + rank + ": ";
    String what = "worker " + peer + " at " + address;
    SocketChannel channel;
    while (true) {
      channel = SocketChannel.open();
      try {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.socket().connect(address, remainingMillis(deadline));
        break;
      } catch (ConnectException e) {
        channel.close();
        if (Thread.currentThread().isInterrupted()) {
          throw interrupted(who + "interrupted while connecting to " + what, e);
        }
        if (deadline - System.nanoTime() <= 0) {
          throw new IOException(
              who
                  + "could not connect to "
                  + what
                  + " within "
                  + describe(timeoutNanos)
                  + " during the rendezvous: "
                  + e.getMessage(),
              e);
        }
        sleepBeforeRetry(deadline, who + "interrupted while connecting to " + what);
      } catch (IOException e) {
        channel.close();
        throw rendezvousFailure(who + "could not connect to " + what, timeoutNanos, e);
      }
    }
    boolean accepted = false;
    try {
      Socket socket = channel.socket();
      ByteBuffer hello = ByteBuffer.allocate(5 * Integer.BYTES + token.length);
      hello.putInt(MAGIC).putInt(VERSION).putInt(size).putInt(rank).putInt(token.length);
      hello.put(token);
      socket.getOutputStream().write(hello.array());
      socket.setSoTimeout(remainingMillis(System.nanoTime() + timeoutNanos));
      int answer = socket.getInputStream().read();
      switch (answer) {
        case ACCEPT -> {
          accepted = true;
          return channel;
        }
        case REFUSE_TOKEN ->
            throw new CollectiveException(
                who
                    + what
                    + " refused our token during the rendezvous (every worker must be given the"
                    + " same token)");
        case REFUSE_HANDSHAKE ->
            throw new CollectiveException(
                who
                    + what
                    + " refused our handshake (protocol version "
                    + VERSION
                    + ", "
                    + size
                    + " workers, rank "
                    + rank
                    + ") during the rendezvous; its error names what was wrong");
        case -1 ->
            throw new CollectiveException(
                who
                    + what
                    + " closed the connection without answering our handshake during the"
                    + " rendezvous; its rendezvous failed or it is not a nabla worker");
        default ->
            throw new CollectiveException(
                String.format(
                    "%s%s answered our handshake with 0x%02x during the rendezvous, expected"
                        + " 0x%02x (accept) or a refusal; it is not a nabla worker",
                    who, what, answer, ACCEPT));
      }
    } catch (IOException e) {
      throw rendezvousFailure(who + "handshake with " + what + " failed", timeoutNanos, e);
    } finally {
      if (!accepted) {
        closeQuietly(channel);
      }
    }
  }

  /** Accepts one connection, checks its handshake and files it under the rank it claims. */
  private static void accept(
      Listener own, int rank, int size, byte[] token, SocketChannel[] channels, long timeoutNanos)
      throws IOException {
    String who = "worker " + rank + ": ";
    Socket socket;
    try {
      ServerSocket server = own.server.socket();
      server.setSoTimeout(remainingMillis(System.nanoTime() + timeoutNanos));
      socket = server.accept();
    } catch (IOException e) {
      List<Integer> missing = new ArrayList<>();
      for (int k = rank + 1; k < size; k++) {
        if (channels[k] == null) {
          missing.add(k);
        }
      }
      throw rendezvousFailure(
          who + "waiting for workers " + missing + " to connect", timeoutNanos, e);
    }
    SocketChannel channel = socket.getChannel();
    String from = who + "refused a connection from " + socket.getRemoteSocketAddress();
    boolean accepted = false;
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      socket.setSoTimeout(remainingMillis(System.nanoTime() + timeoutNanos));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String problem;
      byte refusal = REFUSE_HANDSHAKE;
      int magic = in.readInt();
      if (magic != MAGIC) {
        problem =
            String.format(
                "it sent 0x%08x where a nabla worker sends the magic number 0x%08x (it is not a"
                    + " nabla worker)",
                magic, MAGIC);
      } else {
        int version = in.readInt();
        if (version != VERSION) {
          problem =
              "it speaks protocol version "
                  + version
                  + ", this worker "
                  + VERSION
                  + " (mixed nabla versions?)";
        } else {
          int claimedSize = in.readInt();
          int claimedRank = in.readInt();
          int tokenLength = in.readInt();
          boolean tokenOk =
              tokenLength == token.length
                  && MessageDigest.isEqual(in.readNBytes(tokenLength), token);
          if (!tokenOk) {
            refusal = REFUSE_TOKEN;
            problem = "it presented a bad token";
          } else if (claimedSize != size) {
            problem = "it belongs to a group of " + claimedSize + " workers, this one of " + size;
          } else if (claimedRank <= rank || claimedRank >= size) {
            problem =
                "it claimed rank "
                    + claimedRank
                    + ", expected "
                    + (rank + 1)
                    + " to "
                    + (size - 1)
                    + " (the ranks above this worker's dial it)";
          } else if (channels[claimedRank] != null) {
            problem = "it claimed rank " + claimedRank + ", which has already connected";
          } else {
            socket.getOutputStream().write(ACCEPT);
            channels[claimedRank] = channel;
            accepted = true;
            return;
          }
        }
      }
      try {
        socket.getOutputStream().write(refusal);
      } catch (IOException ignored) {
        // the refusal is a courtesy: the connection is closed below anyway
      }
      throw new CollectiveException(from + " during the rendezvous: " + problem);
    } catch (EOFException e) {
      throw new CollectiveException(
          from + " during the rendezvous: it closed the connection before its handshake ended", e);
    } catch (SocketTimeoutException e) {
      throw new CollectiveException(
          from
              + " during the rendezvous: it sent no complete handshake within "
              + describe(timeoutNanos),
          e);
    } catch (IOException e) {
      throw rendezvousFailure(from, timeoutNanos, e);
    } finally {
      if (!accepted) {
        closeQuietly(channel);
      }
    }
  }

  private static IOException rendezvousFailure(String what, long timeoutNanos, IOException e) {
    if (Thread.currentThread().isInterrupted()) {
      return interrupted(what + " (interrupted during the rendezvous)", e);
    }
    if (e instanceof SocketTimeoutException) {
      return new SocketTimeoutException(
          what + ": nothing within " + describe(timeoutNanos) + " during the rendezvous");
    }
    return new IOException(what + " during the rendezvous: " + e, e);
  }

  private static InterruptedIOException interrupted(String message, Exception cause) {
    InterruptedIOException e = new InterruptedIOException(message);
    e.initCause(cause);
    return e;
  }

  private static void sleepBeforeRetry(long deadline, String onInterrupt)
      throws InterruptedIOException {
    long nanos = Math.min(TimeUnit.MILLISECONDS.toNanos(50), deadline - System.nanoTime());
    if (nanos <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(onInterrupt, e);
    }
  }

  private static int remainingMillis(long deadline) {
    long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime() + 999_999);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
  }

  /** "30 s" or "250 ms". */
  private static String describe(long nanos) {
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }

  private static void closeQuietly(SocketChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing is all that is left to do with it
      }
    }
  }

  /**
   * Changes how long later exchanges wait for a silent peer: a step after which a worker writes or
   * reads a checkpoint gives the others that long to wait for it.
   */
  public void timeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "Collective.timeout: expected a positive duration, got " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * This worker's rank.
   *
   * @return the rank given to {@link #connect}
   */
  public int rank() {
    return rank;
  }

  /**
   * The number of workers.
   *
   * @return the number of peer addresses given to {@link #connect}
   */
  public int size() {
    return size;
  }

  /**
   * In place: {@code data} becomes the elementwise sum over all ranks' {@code data}, each element
   * added in rank order ({@code ((d0 + d1) + d2) + ...}), the same bits on every rank. Every rank
   * must call it with an array of the same length and the same {@code step}.
   *
   * @param data this rank's values; on return, the sum
   * @param step the caller's step number, sent in every message header and checked
   * @throws CollectiveException if a peer died, went silent for the timeout or is out of step, or
   *     the calling thread was interrupted (its interrupt status is kept); the collective is then
   *     closed
   */
  public void allReduceSum(float[] data, long step) {
    Objects.requireNonNull(data, "allReduceSum: data must not be null");
    requireOpen("allReduceSum", step);
    if (size == 1) {
      return;
    }
    int length = data.length;
    int mine = chunkStart(length, rank);
    int mineLength = chunkStart(length, rank + 1) - mine;
    for (Peer p : peers) {
      if (p != null) {
        int theirs = chunkStart(length, p.rank);
        p.send(data, theirs, chunkStart(length, p.rank + 1), theirs);
        if (staging[p.rank] == null || staging[p.rank].length < mineLength) {
          staging[p.rank] = new float[mineLength];
        }
        p.receive(staging[p.rank], 0, mine, mineLength);
      }
    }
    exchange(Phase.REDUCE_SCATTER, step, length);

    // acc = d0 + d1 + ... in rank order; the accumulator is rank 0's contribution
    float[] acc = rank == 0 ? data : staging[0];
    int accAt = rank == 0 ? mine : 0;
    for (int j = 1; j < size; j++) {
      float[] src = j == rank ? data : staging[j];
      int srcAt = j == rank ? mine : 0;
      for (int k = 0; k < mineLength; k++) {
        acc[accAt + k] += src[srcAt + k];
      }
    }
    if (acc != data) {
      System.arraycopy(acc, 0, data, mine, mineLength);
    }

    for (Peer p : peers) {
      if (p != null) {
        int theirs = chunkStart(length, p.rank);
        p.send(data, mine, mine + mineLength, mine);
        p.receive(data, theirs, theirs, chunkStart(length, p.rank + 1) - theirs);
      }
    }
    exchange(Phase.ALL_GATHER, step, length);
  }

  /**
   * In place on every rank: {@code data} becomes {@code root}'s {@code data}. SparkTrainer does not
   * need it (every worker starts from the driver's parameters, shipped in the task); it is here for
   * a worker that must share values it alone has. Every rank must call it with an array of the same
   * length, the same root and the same step.
   *
   * @param data the root's values on the root; on return, the root's values everywhere
   * @param root the rank whose data is sent
   * @param step the caller's step number, sent in every message header and checked
   * @throws CollectiveException as {@link #allReduceSum} does
   */
  public void broadcast(float[] data, int root, long step) {
    Objects.requireNonNull(data, "broadcast: data must not be null");
    if (root < 0 || root >= size) {
      throw new IllegalArgumentException(
          "broadcast: root "
              + root
              + " is out of range for "
              + size
              + " workers (expected 0 to "
              + (size - 1)
              + ")");
    }
    requireOpen("broadcast", step);
    if (size == 1) {
      return;
    }
    if (rank == root) {
      for (Peer p : peers) {
        if (p != null) {
          p.send(data, 0, data.length, 0);
        }
      }
    } else {
      peers[root].receive(data, 0, 0, data.length);
    }
    exchange(Phase.BROADCAST, step, data.length);
  }

  /**
   * Cumulative time spent waiting for the slowest peer: in each exchange, until every peer's
   * message header had arrived.
   *
   * @return nanoseconds
   */
  public long waitingNanos() {
    return waitingNanos;
  }

  /**
   * Cumulative time of the exchanges after the waiting: the transfer (the local summation is in
   * neither).
   *
   * @return nanoseconds
   */
  public long transferNanos() {
    return transferNanos;
  }

  /**
   * Cumulative bytes written to the peers, headers included.
   *
   * @return bytes
   */
  public long bytesSent() {
    return bytesSent;
  }

  /** Closes every connection and the selector; idempotent, and callable from any thread. */
  @Override
  public void close() {
    synchronized (peers) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (Peer p : peers) {
      if (p != null) {
        closeQuietly(p.channel);
      }
    }
    if (selector != null) {
      try {
        selector.close();
      } catch (IOException ignored) {
        // the channels are closed already
      }
    }
  }

  /** Where chunk {@code r} starts: chunk sizes differ by at most one element. */
  private int chunkStart(int length, int r) {
    return (int) ((long) length * r / size);
  }

  private void requireOpen(String operation, long step) {
    if (closed) {
      String why = failure == null ? "close() was called" : "it failed: " + failure;
      throw new CollectiveException(
          "worker "
              + rank
              + ": "
              + operation
              + " at step "
              + step
              + " on a closed collective ("
              + why
              + ")");
    }
  }

  /** Closes the collective after a failure and returns the exception to throw. */
  private CollectiveException fail(String message, Throwable cause) {
    if (failure == null) {
      failure = message;
    }
    close();
    return new CollectiveException(message, cause);
  }

  private String at() {
    return " at step " + step + " (" + phase.label + ")";
  }

  /** Runs the sends and receives set on the peers until all are done. */
  private void exchange(Phase phase, long step, int total) {
    this.phase = phase;
    this.step = step;
    this.total = total;
    long start = System.nanoTime();
    headersPending = 0;
    headersArrived = start;
    for (Peer p : peers) {
      if (p != null) {
        p.lastProgress = start;
        if (p.receiving) {
          headersPending++;
        }
      }
    }
    try {
      for (Peer p : peers) {
        if (p != null) {
          if (p.receiving) {
            parse(p, start);
          }
          if (p.sending) {
            pumpSend(p);
          }
          p.updateInterest();
        }
      }
      while (true) {
        Peer late = null;
        long deadline = 0;
        for (Peer p : peers) {
          if (p != null && p.pending()) {
            long d = p.lastProgress + timeoutNanos;
            if (late == null || d - deadline < 0) {
              late = p;
              deadline = d;
            }
          }
        }
        if (late == null) {
          break;
        }
        checkInterrupt();
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          throw fail(silence(late), null);
        }
        selector.select(TimeUnit.NANOSECONDS.toMillis(wait + 999_999));
        checkInterrupt();
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
          SelectionKey key = ready.next();
          ready.remove();
          Peer p = (Peer) key.attachment();
          int ops = key.readyOps();
          if ((ops & SelectionKey.OP_READ) != 0 && p.receiving) {
            pumpReceive(p);
          }
          if ((ops & SelectionKey.OP_WRITE) != 0 && p.sending) {
            pumpSend(p);
          }
          p.updateInterest();
        }
      }
    } catch (IOException | ClosedSelectorException | CancelledKeyException e) {
      throw fail(
          "worker "
              + rank
              + (closed
                  ? ": the collective was closed" + at() + " by another thread"
                  : ": the selector failed" + at() + ": " + e),
          e);
    }
    long end = System.nanoTime();
    waitingNanos += headersArrived - start;
    transferNanos += end - headersArrived;
  }

  private void checkInterrupt() {
    if (Thread.currentThread().isInterrupted()) {
      List<Integer> waitingFor = new ArrayList<>();
      for (Peer p : peers) {
        if (p != null && p.pending()) {
          waitingFor.add(p.rank);
        }
      }
      throw fail(
          "worker "
              + rank
              + ": interrupted"
              + at()
              + " while exchanging with workers "
              + waitingFor
              + "; the collective is closed",
          null);
    }
  }

  private String silence(Peer p) {
    String limit = describe(timeoutNanos);
    String what =
        p.receiving
            ? "no data from worker " + p.rank
            : "worker " + p.rank + " has not taken our data";
    return "worker "
        + rank
        + ": "
        + what
        + " for "
        + limit
        + at()
        + "; it may be dead or stuck (the timeout is "
        + limit
        + ", set by connect)";
  }

  private CollectiveException broken(Peer p, IOException e) {
    if (closed) {
      return fail("worker " + rank + ": the collective was closed by another thread" + at(), e);
    }
    return fail(
        "worker "
            + rank
            + ": the connection to worker "
            + p.rank
            + " failed"
            + at()
            + " ("
            + e.getMessage()
            + "); it died or failed",
        e);
  }

  /** Writes as much as the socket takes, refilling the send buffer from the array. */
  private void pumpSend(Peer p) {
    ByteBuffer out = p.out;
    try {
      while (true) {
        if (!out.hasRemaining()) {
          if (p.headerSent && p.sendPos == p.sendEnd) {
            p.sending = false;
            return;
          }
          out.clear();
          if (!p.headerSent) {
            out.put(phase.code).putLong(step);
            out.putInt(p.sendOffset).putInt(p.sendEnd - p.sendPos).putInt(total);
            p.headerSent = true;
          }
          int n = Math.min(p.sendEnd - p.sendPos, out.remaining() / Float.BYTES);
          MemorySegment.copy(p.sendData, p.sendPos, p.outSegment, FLOAT_LE, out.position(), n);
          out.position(out.position() + n * Float.BYTES);
          p.sendPos += n;
          out.flip();
        }
        int written = p.channel.write(out);
        if (written == 0) {
          return;
        }
        bytesSent += written;
        p.lastProgress = System.nanoTime();
      }
    } catch (IOException e) {
      throw broken(p, e);
    }
  }

  /** Reads what the socket has and moves it into the array. */
  private void pumpReceive(Peer p) {
    try {
      while (p.receiving && p.in.hasRemaining()) {
        int read = p.channel.read(p.in);
        if (read < 0) {
          throw fail(
              "worker "
                  + rank
                  + ": worker "
                  + p.rank
                  + " closed its connection"
                  + at()
                  + "; it died or failed",
              null);
        }
        if (read == 0) {
          return;
        }
        long now = System.nanoTime();
        p.lastProgress = now;
        parse(p, now);
      }
    } catch (IOException e) {
      throw broken(p, e);
    }
  }

  /** Moves the received bytes of the current message into the array, checking its header. */
  private void parse(Peer p, long now) {
    ByteBuffer in = p.in;
    in.flip();
    try {
      if (!p.headerReceived) {
        if (in.remaining() < HEADER_BYTES) {
          return;
        }
        checkHeader(p, in.get(), in.getLong(), in.getInt(), in.getInt(), in.getInt());
        p.headerReceived = true;
        if (--headersPending == 0) {
          headersArrived = now;
        }
      }
      int n = Math.min(p.recvEnd - p.recvPos, in.remaining() / Float.BYTES);
      MemorySegment.copy(p.inSegment, FLOAT_LE, in.position(), p.recvData, p.recvPos, n);
      in.position(in.position() + n * Float.BYTES);
      p.recvPos += n;
      if (p.recvPos == p.recvEnd) {
        p.receiving = false;
      }
    } finally {
      in.compact();
    }
  }

  private void checkHeader(Peer p, byte code, long theirStep, int offset, int length, int all) {
    String between = "worker " + rank + ": worker " + p.rank;
    if (code != phase.code) {
      throw fail(
          between
              + " sent "
              + Phase.describe(code)
              + " (step "
              + theirStep
              + ")"
              + at()
              + ", expected a "
              + phase.label
              + " message; the workers are out of step",
          null);
    }
    if (theirStep != step) {
      throw fail(
          between
              + " sent step "
              + theirStep
              + at()
              + ", expected step "
              + step
              + "; the workers are out of step",
          null);
    }
    if (all != total) {
      throw fail(
          between
              + " passed an array of "
              + all
              + " floats"
              + at()
              + ", this worker "
              + total
              + "; every worker must pass arrays of the same length",
          null);
    }
    if (offset != p.expectedOffset || length != p.expectedLength) {
      throw fail(
          between
              + " sent floats ["
              + offset
              + ", "
              + ((long) offset + length)
              + ")"
              + at()
              + ", expected ["
              + p.expectedOffset
              + ", "
              + (p.expectedOffset + p.expectedLength)
              + ")",
          null);
    }
  }
}
