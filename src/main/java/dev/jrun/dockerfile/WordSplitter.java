package dev.jrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** Word splitting for {@link ShellLex#processWords}: unquoted white space separates words. */
final class WordSplitter {
    private final StringBuilder buf = new StringBuilder();
    private final List<String> words = new ArrayList<>();
    private boolean inWord;

    void addChar(int ch) {
        if (GoText.isSpace(ch)) {
            if (inWord && buf.length() != 0) {
                words.add(buf.toString());
                buf.setLength(0);
                inWord = false;
            }
        } else {
            addRawChar(ch);
        }
    }

    void addRawChar(int ch) {
        buf.appendCodePoint(ch);
        inWord = true;
    }

    void addString(String s) {
        s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
        buf.append(s);
        inWord = true;
    }

    List<String> get() {
        if (buf.length() > 0) {
            words.add(buf.toString());
            buf.setLength(0);
            inWord = false;
        }
        return words;
    }
}
