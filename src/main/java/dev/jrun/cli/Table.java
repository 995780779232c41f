package dev.jrun.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A text table with docker's layout: columns padded to their widest cell, three spaces apart. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    void add(String... row) {
        rows.add(row);
    }

    void print(PrintStream out) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(r[i]);
                if (i < cols - 1) {
                    sb.append(" ".repeat(w[i] - r[i].length() + 3));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
