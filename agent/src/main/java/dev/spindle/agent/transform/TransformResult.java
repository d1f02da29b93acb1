package dev.spindle.agent.transform;

import java.util.List;

/** What the transformer did to one class: new bytes (null if untouched) and its refusals. */
public record TransformResult(byte[] rewritten, List<Refusal> refusals) {}
