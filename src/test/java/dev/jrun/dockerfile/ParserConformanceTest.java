package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** buildkit's parser cases: AST dumps, files that must fail, and line numbers. */
class ParserConformanceTest {

    @TestFactory
    Stream<DynamicTest> dumpMatchesBuildkit() throws IOException {
        List<String> cases = Conformance.dirs("testfiles");
        assertEquals(33, cases.size(), "number of testfiles cases");
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String dockerfile = Conformance.read("testfiles/" + name + "/Dockerfile");
            String expected = Conformance.read("testfiles/" + name + "/result");
            ParseResult result = Parser.parse("Dockerfile", dockerfile);
            assertEquals(expected, result.dump() + "\n", name);
        }));
    }

    @TestFactory
    Stream<DynamicTest> negativeFilesFail() throws IOException {
        List<String> cases = Conformance.dirs("testfiles-negative");
        assertEquals(4, cases.size(), "number of negative cases");
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            String dockerfile = Conformance.read("testfiles-negative/" + name + "/Dockerfile");
            DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                    () -> Parser.parse("Dockerfile", dockerfile));
            assertEquals("Dockerfile", e.file());
        }));
    }

    @Test
    void lineNumbersMatchBuildkit() throws IOException {
        ParseResult result = Parser.parse("Dockerfile", Conformance.read("testfile-line/Dockerfile"));
        assertEquals(5, result.root().startLine());
        assertEquals(31, result.root().endLine());
        List<List<Integer>> spans = new ArrayList<>();
        for (Node n : result.instructions()) {
            spans.add(List.of(n.startLine(), n.endLine()));
        }
        assertEquals(List.of(List.of(5, 5), List.of(11, 12), List.of(17, 31)), spans);
    }
}
