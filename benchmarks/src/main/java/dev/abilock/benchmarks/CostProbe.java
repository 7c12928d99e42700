package dev.abilock.benchmarks;

/** Times the processor-cost harness alone: {@code CostProbe <n> [runs]}. */
public final class CostProbe {
  private CostProbe() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    System.out.println(ProcessorCost.measure(n, runs));
  }
}
