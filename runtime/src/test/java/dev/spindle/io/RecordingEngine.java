package dev.spindle.io;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * A JDK {@link SSLEngine} that notes on which thread each of its delegated tasks runs, and on
 * which thread each wrap and unwrap is made; everything else is the real engine's.
 */
final class RecordingEngine extends SSLEngine {
  final List<String> taskThreads = new CopyOnWriteArrayList<>();
  final List<String> engineThreads = new CopyOnWriteArrayList<>();
  private final SSLEngine real;

  RecordingEngine(SSLEngine real) {
    super(real.getPeerHost(), real.getPeerPort());
    this.real = real;
  }

  @Override
  public Runnable getDelegatedTask() {
    Runnable task = real.getDelegatedTask();
    return task == null ? null : () -> {
      taskThreads.add(Thread.currentThread().getName());
      task.run();
    };
  }

  @Override
  public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer target)
      throws SSLException {
    engineThreads.add(Thread.currentThread().getName());
    return real.wrap(sources, offset, length, target);
  }

  @Override
  public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] targets, int offset, int length)
      throws SSLException {
    engineThreads.add(Thread.currentThread().getName());
    return real.unwrap(source, targets, offset, length);
  }

  @Override
  public void closeInbound() throws SSLException {
    real.closeInbound();
  }

  @Override
  public boolean isInboundDone() {
    return real.isInboundDone();
  }

  @Override
  public void closeOutbound() {
    real.closeOutbound();
  }

  @Override
  public boolean isOutboundDone() {
    return real.isOutboundDone();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return real.getSupportedCipherSuites();
  }

  @Override
  public String[] getEnabledCipherSuites() {
    return real.getEnabledCipherSuites();
  }

  @Override
  public void setEnabledCipherSuites(String[] suites) {
    real.setEnabledCipherSuites(suites);
  }

  @Override
  public String[] getSupportedProtocols() {
    return real.getSupportedProtocols();
  }

  @Override
  public String[] getEnabledProtocols() {
    return real.getEnabledProtocols();
  }

  @Override
  public void setEnabledProtocols(String[] protocols) {
    real.setEnabledProtocols(protocols);
  }

  @Override
  public SSLSession getSession() {
    return real.getSession();
  }

  @Override
  public void beginHandshake() throws SSLException {
    real.beginHandshake();
  }

  @Override
  public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
    return real.getHandshakeStatus();
  }

  @Override
  public void setUseClientMode(boolean client) {
    real.setUseClientMode(client);
  }

  @Override
  public boolean getUseClientMode() {
    return real.getUseClientMode();
  }

  @Override
  public void setNeedClientAuth(boolean need) {
    real.setNeedClientAuth(need);
  }

  @Override
  public boolean getNeedClientAuth() {
    return real.getNeedClientAuth();
  }

  @Override
  public void setWantClientAuth(boolean want) {
    real.setWantClientAuth(want);
  }

  @Override
  public boolean getWantClientAuth() {
    return real.getWantClientAuth();
  }

  @Override
  public void setEnableSessionCreation(boolean enable) {
    real.setEnableSessionCreation(enable);
  }

  @Override
  public boolean getEnableSessionCreation() {
    return real.getEnableSessionCreation();
  }
}
