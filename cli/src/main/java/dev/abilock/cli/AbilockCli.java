package dev.abilock.cli;

import dev.abilock.core.Message;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code abilock}: the review CLI. {@code abilock diff} classifies the changes between two manifests
 * (breaking, compatible, draft-only) with the compiler's own rules; {@code abilock check} validates one
 * manifest. Exit codes: 0 nothing breaks (or the manifest is valid), 1 a breaking change, 2 a usage
 * error or an input that cannot be read or parsed.
 */
@Command(name = "abilock",
    description = "Review abilock manifests: classify changes between two manifests, or validate one.",
    subcommands = {DiffCommand.class, CheckCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:no breaking change; the manifest is valid",
        "1:breaking changes",
        "2:usage error, or an input that cannot be read or is malformed"})
public final class AbilockCli implements Callable<Integer> {
  /** Exit code: nothing breaks. */
  public static final int OK = 0;
  /** Exit code: at least one breaking change. */
  public static final int BREAKING = 1;
  /** Exit code: usage error, unreadable or malformed input. */
  public static final int INPUT_ERROR = 2;

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), Message.CLI_MISSING_COMMAND.format());
  }

  /** A command line that prints to {@code out} and {@code err} and maps every failure to an exit code. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AbilockCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println(Message.CLI_INTERNAL_ERROR.format(e));
      e.printStackTrace(line.getErr());
      line.getErr().flush();
      return INPUT_ERROR;
    });
    return cli;
  }

  /** Runs the CLI with {@code args}; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }
}
