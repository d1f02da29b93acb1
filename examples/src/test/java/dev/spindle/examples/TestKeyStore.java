package dev.spindle.examples;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key store made once per JVM by {@code examples/make-keystore.sh} (so the script the README
 * names is run by the build), with this JDK's {@code keytool}; and a client context trusting it.
 */
final class TestKeyStore {
  static final String PASSWORD = "changeit";
  private static TestKeyStore made;

  final Path keyStore;
  final Path certificatePem;
  final SSLContext clientContext;

  private TestKeyStore(Path directory) throws Exception {
    keyStore = directory.resolve("server.p12");
    certificatePem = directory.resolve("cert.pem");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keys);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);
  }

  static synchronized TestKeyStore get() throws Exception {
    if (made == null) {
      Path directory = Files.createTempDirectory("spindle-examples-tls");
      Path script = Path.of("make-keystore.sh").toAbsolutePath(); // surefire runs in examples/
      ProcessBuilder builder = new ProcessBuilder(List.of("bash", script.toString(),
          directory.toString(), PASSWORD)).redirectErrorStream(true);
      builder.environment().put("KEYTOOL",
          Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(script + " failed: " + output);
      }
      made = new TestKeyStore(directory);
    }
    return made;
  }
}
