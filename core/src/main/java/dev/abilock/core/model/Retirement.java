package dev.abilock.core.model;

/**
 * A deliberate retirement: at {@code release}, for {@code reason}. A retired op, field or
 * continuable keeps its declaration and its manifest line, so its code and names stay reserved, and
 * a guest's saved word of it is refused saying so.
 *
 * @param release the release label ({@code 4.9})
 * @param reason one line for the reviewer and the refused guest ({@code moved to dm_op})
 */
public record Retirement(String release, String reason) {
  /** {@code retired in 4.9: moved to dm_op}. */
  public String describe() {
    return "retired in " + release + ": " + reason;
  }
}
