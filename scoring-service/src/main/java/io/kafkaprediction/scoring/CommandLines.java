package io.kafkaprediction.scoring;

import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/** The {@code --name value} options of the jar's commands, parsed by commons-cli with one wording for errors. */
public final class CommandLines {

    private CommandLines() {
    }

    /** An option that takes a value. */
    public static Option valued(String name) {
        return Option.builder().longOpt(name).hasArg().build();
    }

    /** An option without a value. */
    public static Option flag(String name) {
        return Option.builder().longOpt(name).build();
    }

    /**
     * @return the parsed options, or null when {@code --help}/{@code -h} was asked for (then {@code usage} is printed)
     * @throws IllegalArgumentException naming the unknown option or the one whose value is missing
     */
    public static CommandLine parse(String[] args, PrintStream out, String usage, Option... options) {
        Options all = new Options().addOption(Option.builder("h").longOpt("help").build());
        for (Option option : options) {
            all.addOption(option);
        }
        try {
            CommandLine line = DefaultParser.builder().setAllowPartialMatching(false).build().parse(all, args);
            if (line.hasOption("help")) {
                out.println(usage);
                return null;
            }
            if (!line.getArgList().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument " + line.getArgList().get(0));
            }
            return line;
        } catch (UnrecognizedOptionException e) {
            throw new IllegalArgumentException("unknown option " + e.getOption(), e);
        } catch (MissingArgumentException e) {
            throw new IllegalArgumentException("missing value after --" + e.getOption().getLongOpt(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
