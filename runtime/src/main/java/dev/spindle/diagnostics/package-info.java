/**
 * What Spindle tells JDK Flight Recorder (category "Spindle" in JDK Mission Control): one
 * {@code jdk.jfr.Event} type per file. Not exported: users read these events through JFR, by
 * their names ({@code dev.spindle.*}), never through these classes.
 */
package dev.spindle.diagnostics;
