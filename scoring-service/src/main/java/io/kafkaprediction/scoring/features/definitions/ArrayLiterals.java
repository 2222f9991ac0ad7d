package io.kafkaprediction.scoring.features.definitions;

import java.util.List;

/** PostgreSQL array input syntax, every element quoted, so any text survives; cheaper than createArrayOf. */
public final class ArrayLiterals {

    private ArrayLiterals() {
    }

    public static String of(List<String> values) {
        StringBuilder literal = new StringBuilder(values.size() * 16).append('{');
        for (String value : values) {
            if (literal.length() > 1) {
                literal.append(',');
            }
            literal.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append(c);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }
}
