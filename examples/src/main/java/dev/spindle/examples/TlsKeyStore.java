package dev.spindle.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server side of {@code --tls-keystore FILE --tls-password PW}: a PKCS12 file (as
 * {@code keytool} or {@code openssl pkcs12 -export} make it; see
 * {@code examples/make-keystore.sh}) made into the {@link SSLContext} that
 * {@link dev.spindle.io.AsyncTlsStream#server} handshakes with.
 */
final class TlsKeyStore {
  private TlsKeyStore() {}

  /**
   * The context of a server holding the key in {@code file}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static SSLContext serverContext(Path file, String password) {
    char[] secret = password.toCharArray();
    KeyStore keys;
    try (InputStream in = Files.newInputStream(file)) {
      keys = KeyStore.getInstance("PKCS12");
      keys.load(in, secret);
    } catch (NoSuchFileException missing) {
      throw new IllegalArgumentException("--tls-keystore must name a PKCS12 file: " + file
          + " does not exist (examples/make-keystore.sh makes one)");
    } catch (IOException | GeneralSecurityException unreadable) {
      throw new IllegalArgumentException("--tls-keystore " + file + " could not be read as a"
          + " PKCS12 key store with the --tls-password given: " + unreadable.getMessage());
    }
    try {
      if (Collections.list(keys.aliases()).stream().noneMatch(alias -> isKey(keys, alias))) {
        throw new IllegalArgumentException("--tls-keystore " + file + " must hold a private key"
            + " with its certificate; it holds only certificates");
      }
      KeyManagerFactory managers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException unusable) {
      throw new IllegalArgumentException("--tls-keystore " + file + " holds no key usable with"
          + " the --tls-password given (the key's password must be the file's): "
          + unusable.getMessage());
    }
  }

  private static boolean isKey(KeyStore keys, String alias) {
    try {
      return keys.isKeyEntry(alias);
    } catch (GeneralSecurityException unreadable) {
      return false;
    }
  }
}
