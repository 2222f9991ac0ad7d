package io.kafkaprediction.systemtests.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * The command examples of a Markdown file: every fenced block tagged {@code console}, where a line
 * starting with {@code $ } is a command (continued by lines ending in a backslash) and the lines
 * after it, up to the next command, are the output the README promises.
 */
final class ReadmeExamples {
    private static final String FENCE = "```";
    private static final String PROMPT = "$ ";

    /** One command, its expected output and the README line it starts on (for failure messages). */
    record Example(int line, String command, List<String> expectedOutput) {
        @Override
        public String toString() {
            return "README.md:" + line + " $ " + command;
        }
    }

    private ReadmeExamples() {
    }

    static List<Example> parse(String markdown) {
        List<Example> examples = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inConsole = false;
        boolean inOtherBlock = false;
        Builder current = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.startsWith(FENCE)) {
                if (inConsole) {
                    addIfAny(examples, current);
                    current = null;
                    inConsole = false;
                } else if (inOtherBlock) {
                    inOtherBlock = false;
                } else if (line.substring(FENCE.length()).strip().equals("console")) {
                    inConsole = true;
                } else {
                    inOtherBlock = true;
                }
                continue;
            }
            if (!inConsole) {
                continue;
            }
            if (line.startsWith(PROMPT) || line.equals("$")) {
                addIfAny(examples, current);
                current = new Builder(i + 1);
                String rest = line.length() > 2 ? line.substring(2) : "";
                // A trailing backslash continues the command on the next line, as in the shell.
                while (rest.endsWith("\\") && i + 1 < lines.length) {
                    current.command.append(rest, 0, rest.length() - 1).append(' ');
                    rest = lines[++i].strip();
                }
                current.command.append(rest);
            } else if (current != null) {
                current.output.add(line);
            }
        }
        if (inConsole) {
            throw new IllegalArgumentException("README.md: a console block is not closed");
        }
        return examples;
    }

    private static void addIfAny(List<Example> examples, Builder builder) {
        if (builder == null) {
            return;
        }
        List<String> output = new ArrayList<>(builder.output);
        while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
            output.remove(output.size() - 1);
        }
        examples.add(new Example(builder.line, builder.command.toString().strip(), output));
    }

    private static final class Builder {
        final int line;
        final StringBuilder command = new StringBuilder();
        final List<String> output = new ArrayList<>();

        Builder(int line) {
            this.line = line;
        }
    }
}
