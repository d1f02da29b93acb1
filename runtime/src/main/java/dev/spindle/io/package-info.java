/**
 * Async TCP on an event loop: {@link dev.spindle.io.AsyncTcpListener},
 * {@link dev.spindle.io.AsyncTcpStream} and the {@link dev.spindle.io.AsyncIterator} of incoming
 * connections. I/O is optimistic: every operation first tries the socket and waits for
 * readiness only when it would block, except a read right after a short read, which waits at
 * once (the socket was drained). A stream allows one read and one write in flight at once; its
 * read timeout ({@code setReadTimeout}) costs one timer per stream, not one per read. A
 * listener that runs out of file descriptors does not fail its accept: it pauses and resumes by
 * itself ({@code AcceptBackoff}; see {@code docs/threading.md}). {@link dev.spindle.io.IoTrace}
 * prints a line per I/O event (the example server's {@code --trace}).
 *
 * <p>{@link dev.spindle.io.AsyncTlsStream} puts TLS (the JDK's {@code SSLEngine}) over a TCP
 * stream; both implement {@link dev.spindle.io.AsyncByteStream}, so protocol code runs over
 * either.
 */
package dev.spindle.io;
