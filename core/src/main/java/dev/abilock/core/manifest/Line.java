package dev.abilock.core.manifest;

/**
 * One manifest line: a fact and its status.
 *
 * @param number 1-based line number in the file it was read from, 0 when computed
 */
public record Line(Fact fact, Status status, int number) {
  /** The line as written: two spaces of indentation under its continuable, the fact, the status. */
  public String render() {
    String indent =
        fact instanceof Fact.ContinuableFact || fact instanceof Fact.StructFact ? "" : "  ";
    return indent + fact.text() + " " + status;
  }
}
