/**
 * Spindle's JFR events, one class each, so that loops and tasks show in JDK Mission Control
 * under the category "Spindle". Not exported: users read the events by name
 * ({@code dev.spindle.BlockedLoop}, ...), not by class.
 */
package dev.spindle.diagnostics;
