package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * .dockerignore rules as docker documents them (docs.docker.com "Dockerignore files"): each row
 * is the ignore file (lines separated by ';'), a path, and whether it is excluded.
 */
class DockerIgnoreTest {

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // one level of wildcard directory, as in docker's documented example
        "*/temp*|somedir/temporary.txt|true",
        "*/temp*|somedir/temp|true",
        "*/temp*|somedir/temp/inner/file|true",
        "*/temp*|temp.txt|false",
        "*/temp*|a/b/temp|false",
        "*/*/temp*|somedir/subdir/temporary.txt|true",
        "*/*/temp*|somedir/temporary.txt|false",
        // ? is exactly one character, never /
        "temp?|tempa|true",
        "temp?|temp|false",
        "temp?|tempab|false",
        "temp?|temp/|false",
        // ** matches any number of directories, including none
        "**/*.go|main.go|true",
        "**/*.go|cmd/app/main.go|true",
        "**/*.go|main.gox|false",
        "foo/**/bar|foo/bar|true",
        "foo/**/bar|foo/a/b/bar|true",
        "foo/**/bar|foo/a/b/baz|false",
        "**/node_modules|node_modules/x/index.js|true",
        "**/node_modules|web/node_modules/x|true",
        "vendor/**|vendor/a/b.c|true",
        "vendor/**|vendor|false",
        // patterns are anchored at the context root; a matching directory excludes its content
        "secret|secret|true",
        "secret|a/secret|false",
        "docs|docs/a/b.txt|true",
        "/secret|secret|true",
        "logs/|logs/today.log|true",
        "./a//b/../c|a/c/x|true",
        // last match wins; ! re-includes
        "*.md;!README.md|CHANGELOG.md|true",
        "*.md;!README.md|README.md|false",
        "*.md;!README*.md;README-secret.md|README-secret.md|true",
        "*.md;!README*.md;README-secret.md|README-public.md|false",
        "docs;!docs/keep.txt|docs/keep.txt|false",
        "docs;!docs/keep.txt|docs/other.txt|true",
        "*;!src|src/main.c|false",
        "*;!src|Makefile|true",
        "!a.txt;a.txt|a.txt|true",
        // classes and escapes
        "[a-c].txt|b.txt|true",
        "[a-c].txt|d.txt|false",
        "[^a].txt|b.txt|true",
        "[^a].txt|a.txt|false",
        "\\*.txt|*.txt|true",
        "\\*.txt|a.txt|false",
        "file.(1)|file.(1)|true",
        "a+b|a+b|true",
        // comments only at column 0, blank lines ignored; an indented # is a pattern
        "# comment;;x|x|true",
        "# comment;;x|# comment|false",
        "' #x'|#x|true",
        // the context root is never excluded
        "*|.|false",
        "*|a|true"})
    void excluded(String ignoreFile, String path, boolean excluded) {
        DockerIgnore di = DockerIgnore.parse(ignoreFile.replace(';', '\n'));
        assertEquals(excluded, di.excluded(path));
    }

    @ParameterizedTest(name = "[{0}] skip {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "build|build|true",
        "build;!build/keep|build|false",
        "build;!build/keep|other|false",
        "build;!build/keep/**|build|false",
        "build;!other/x|build|true",
        "*;!*.go|pkg|false",
        "*;!**/keep|deep|false",
        "node_modules|src|false"})
    void skippingDirectories(String ignoreFile, String dir, boolean skip) {
        assertEquals(skip, DockerIgnore.parse(ignoreFile.replace(';', '\n')).canSkipDirectory(dir));
    }

    @Test
    void reincludeUnderExcludedDirectory() {
        DockerIgnore di = DockerIgnore.parse("docs\n!docs/keep\n");
        assertTrue(di.excluded("docs"));
        assertTrue(di.mayReincludeUnder("docs"));
        assertFalse(di.mayReincludeUnder("src"));
        assertFalse(di.excluded("docs/keep/a.txt"));
    }

    @Test
    void patternsAreCleaned() {
        assertEquals(List.of("a/b", "!c", "d", "/"),
                DockerIgnore.parse("\uFEFF ./a//b/ \r\n! /c\n/d\n/\n").patterns());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"[|syntax error in pattern", "a[]|syntax error in pattern",
        "[a-]|syntax error in pattern", "x\\|syntax error in pattern", "!|illegal exclusion pattern"})
    void badPatterns(String line, String message) {
        JrunException e = assertThrows(JrunException.class, () -> DockerIgnore.parse("ok\n" + line + "\n"));
        assertTrue(e.getMessage().startsWith(".dockerignore line 2: " + message), e.getMessage());
    }

    @Test
    void forBuildPrefersTheDockerfileSpecificFile(@TempDir Path dir) throws IOException {
        Path df = dir.resolve("app.Dockerfile");
        Files.writeString(df, "FROM a\n");
        assertEquals(List.of(), DockerIgnore.forBuild(dir, df).patterns());
        Files.writeString(dir.resolve(".dockerignore"), "general\n");
        assertEquals(List.of("general"), DockerIgnore.forBuild(dir, df).patterns());
        Files.writeString(dir.resolve("app.Dockerfile.dockerignore"), "specific\n");
        assertEquals(List.of("specific"), DockerIgnore.forBuild(dir, df).patterns());
    }
}
