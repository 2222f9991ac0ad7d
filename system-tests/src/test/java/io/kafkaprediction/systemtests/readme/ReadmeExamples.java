package io.kafkaprediction.systemtests.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command examples of a Markdown file: every fenced block tagged {@code console} or
 * {@code text}, where a line starting with {@code $ } is a command (continued by lines ending in a
 * backslash) and the lines after it, up to the next command, are the output the page promises.
 * A block that cannot be checked says why in an HTML comment on the line before its fence,
 * {@code <!-- not checked: the reason -->}; its examples carry that reason.
 */
final class ReadmeExamples {
    private static final String FENCE = "```";
    private static final String PROMPT = "$ ";
    private static final List<String> EXAMPLE_BLOCKS = List.of("console", "text");
    private static final Pattern NOT_CHECKED = Pattern.compile("<!--\\s*not checked:\\s*(.+?)\\s*-->");

    /**
     * One command, its expected output, the file and line it starts on (for failure messages), the
     * line its block starts on (commands of one block share their {@code export}s, as in one shell)
     * and why it is not checked (null when it is).
     */
    record Example(String file, int line, String command, List<String> expectedOutput, int blockLine, String notChecked) {
        boolean checked() {
            return notChecked == null;
        }

        /** Where its block starts, e.g. {@code docs/walkthrough.md:42}. */
        String block() {
            return file + ":" + blockLine;
        }

        @Override
        public String toString() {
            return file + ":" + line + " $ " + command;
        }
    }

    private ReadmeExamples() {
    }

    /** The examples of {@code markdown}, the text of {@code file} (its path in the repository, for messages). */
    static List<Example> parse(String file, String markdown) {
        List<Example> examples = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean inConsole = false;
        boolean inOtherBlock = false;
        Builder current = null;
        int blockLine = 0;
        String notChecked = null;
        String previous = "";
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            if (line.startsWith(FENCE)) {
                if (inConsole) {
                    addIfAny(examples, file, current);
                    current = null;
                    inConsole = false;
                } else if (inOtherBlock) {
                    inOtherBlock = false;
                } else if (EXAMPLE_BLOCKS.contains(line.substring(FENCE.length()).strip())) {
                    inConsole = true;
                    blockLine = i + 1;
                    Matcher reason = NOT_CHECKED.matcher(previous);
                    notChecked = reason.find() ? reason.group(1) : null;
                } else {
                    inOtherBlock = true;
                }
                continue;
            }
            if (!line.isBlank()) {
                previous = line;
            }
            if (!inConsole) {
                continue;
            }
            if (line.startsWith(PROMPT) || line.equals("$")) {
                addIfAny(examples, file, current);
                current = new Builder(i + 1, blockLine, notChecked);
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
            throw new IllegalArgumentException(file + ": a console or text block is not closed");
        }
        return examples;
    }

    private static void addIfAny(List<Example> examples, String file, Builder builder) {
        if (builder == null) {
            return;
        }
        List<String> output = new ArrayList<>(builder.output);
        while (!output.isEmpty() && output.get(output.size() - 1).isBlank()) {
            output.remove(output.size() - 1);
        }
        examples.add(new Example(file, builder.line, builder.command.toString().strip(), output, builder.blockLine,
                builder.notChecked));
    }

    private static final class Builder {
        final int line;
        final int blockLine;
        final String notChecked;
        final StringBuilder command = new StringBuilder();
        final List<String> output = new ArrayList<>();

        Builder(int line, int blockLine, String notChecked) {
            this.line = line;
            this.blockLine = blockLine;
            this.notChecked = notChecked;
        }
    }
}
