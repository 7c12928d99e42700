package dev.abilock.cli;

import dev.abilock.review.Review.Verdict;
import dev.abilock.review.ReviewMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code abilock}: the review CLI, a command-line front end of the review flow. {@code abilock
 * diff} classifies the changes between two manifests (breaking, retired, compatible, draft-only)
 * with the compiler's own rules; {@code abilock check} validates one manifest. Exit codes are the
 * {@link Verdict}'s.
 */
@Command(
    name = "abilock",
    description =
        "Review abilock manifests: classify changes between two manifests, or validate one.",
    mixinStandardHelpOptions = true,
    versionProvider = AbilockCli.Version.class,
    subcommands = {DiffCommand.class, CheckCommand.class, HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no breaking change; the manifest is valid",
      "1:breaking changes",
      "2:usage error, or an input that cannot be read or is malformed"
    })
public final class AbilockCli implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** The version this jar was built as, from the build's own pom. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      try (InputStream in = AbilockCli.class.getResourceAsStream("version.txt")) {
        return new String[] {
          "abilock " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
        };
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), ReviewMessage.CLI_MISSING_COMMAND.format());
  }

  /**
   * A command line that prints to {@code out} and {@code err} and maps every failure to an exit
   * code.
   */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AbilockCli());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println(ReviewMessage.CLI_INTERNAL_ERROR.format(e));
          e.printStackTrace(line.getErr());
          line.getErr().flush();
          return Verdict.INPUT_ERROR.exitCode();
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
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err =
        new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(out, err, args));
  }
}
