package dev.nabla.datasets.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a text file whose sha256 is known: the bytes (gunzipped first when asked), their sha256
 * compared with the expected one, then a strict UTF-8 decoding. Every failure names the file.
 */
public final class VerifiedText {
  private VerifiedText() {}

  /**
   * The text of {@code in}, closed by the caller.
   *
   * @param in the file's bytes
   * @param gzip whether the bytes are gzip ({@link StrictGunzip}: trailing bytes are an error)
   * @param name the file or resource, for messages
   * @param sha256 the expected sha256 of the (decompressed) bytes, lower-case hex
   * @throws IOException if the bytes cannot be read, their sha256 differs, or they are not UTF-8
   */
  public static String read(InputStream in, boolean gzip, String name, String sha256)
      throws IOException {
    byte[] bytes;
    try {
      bytes = gzip ? readGzip(in) : in.readAllBytes();
    } catch (IOException e) {
      throw new IOException(name + ": cannot read it: " + e.getMessage(), e);
    }
    String actual = sha256(bytes);
    if (!actual.equals(sha256)) {
      throw new IOException(
          name
              + ": sha256 mismatch: expected "
              + sha256
              + ", got "
              + actual
              + " ("
              + bytes.length
              + " bytes); the file is corrupt or not the expected text");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IOException(name + ": not valid UTF-8: " + e, e);
    }
  }

  private static byte[] readGzip(InputStream in) throws IOException {
    try (StrictGunzip gz = new StrictGunzip(in, -1)) {
      return gz.readAllBytes();
    }
  }

  /** The sha256 of {@code bytes} in lower-case hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
