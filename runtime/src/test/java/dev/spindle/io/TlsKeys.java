package dev.spindle.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Key stores made for the TLS tests by the JDK's {@code keytool} in a child process, once per
 * JVM: a self-signed EC certificate for {@code localhost} and {@code 127.0.0.1} (EC: its
 * handshakes cost a fraction of RSA's), and a second one that nobody trusts.
 */
final class TlsKeys {
  static final char[] PASSWORD = "changeit".toCharArray();
  private static TlsKeys trusted;
  private static TlsKeys stranger;

  final Path keyStore;
  final SSLContext serverContext;
  final SSLContext clientContext;

  private TlsKeys(Path keyStore) throws Exception {
    this.keyStore = keyStore;
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys); // the certificate trusts itself: the client knows exactly this server
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);
  }

  /** The server's keys, and a client context that trusts them. */
  static synchronized TlsKeys trusted() throws Exception {
    if (trusted == null) {
      trusted = new TlsKeys(generate("spindle-test"));
    }
    return trusted;
  }

  /** Keys that the {@link #trusted()} client does not trust. */
  static synchronized TlsKeys stranger() throws Exception {
    if (stranger == null) {
      stranger = new TlsKeys(generate("stranger"));
    }
    return stranger;
  }

  /** Runs {@code keytool -genkeypair} into a fresh temporary PKCS12 file. */
  static Path generate(String alias) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("spindle-tls");
    Path file = directory.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", alias,
        "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
        file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new UncheckedIOException(new IOException("keytool could not make a key store: "
          + output));
    }
    file.toFile().deleteOnExit();
    directory.toFile().deleteOnExit();
    return file;
  }
}
