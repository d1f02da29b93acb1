package dev.spindle.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which accept failures pause a listener: the C library's words for a shortage that passes. */
class ExhaustionReportTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Too many open files|true", // EMFILE
      "Too many open files in system|true", // ENFILE
      "No buffer space available|true", // ENOBUFS
      "Cannot allocate memory|true", // ENOMEM
      "Invalid argument|false",
      "Connection reset by peer|false",
      "Socket closed|false"})
  void aShortageIsRecognisedByItsMessage(String message, boolean shortage) {
    assertEquals(shortage, ExhaustionReport.isExhaustion(new IOException(message)));
  }
}
