package dev.jrun.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrun.JrunException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The typed layer: records per instruction, stages, meta args, and instruction-level errors. */
class InstructionsTest {

    private static Instruction only(String line) {
        return Dockerfile.parse("Dockerfile", "FROM scratch\n" + line + "\n").lastStage().instructions().get(0);
    }

    @Test
    void stagesAndMetaArgs() {
        Dockerfile df = Dockerfile.parse("Dockerfile", String.join("\n",
                "ARG BASE=busybox", "ARG TAG", "FROM --platform=linux/amd64 ${BASE}:${TAG} AS Build",
                "RUN make", "FROM busybox", "COPY --from=build /out /app", "CMD [\"/app\"]", ""));
        assertEquals(List.of(new Instruction.ArgDecl("BASE", "busybox")), df.metaArgs().get(0).args());
        assertEquals(List.of(new Instruction.ArgDecl("TAG", null)), df.metaArgs().get(1).args());
        assertEquals(2, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals("build", build.name());
        assertEquals("${BASE}:${TAG}", build.base());
        assertEquals("linux/amd64", build.platform());
        assertEquals(3, build.from().line());
        assertEquals(List.of("make"), ((Instruction.Run) build.instructions().get(0)).command());
        assertEquals(build, df.stage("BUILD").orElseThrow());
        assertEquals(df.stages().get(1), df.stage("1").orElseThrow());
        Instruction.Copy copy = (Instruction.Copy) df.lastStage().instructions().get(0);
        assertEquals("build", copy.from());
        assertEquals(6, copy.line());
        assertEquals("COPY --from=build /out /app", copy.original());
        Instruction.Cmd cmd = (Instruction.Cmd) df.lastStage().instructions().get(1);
        assertEquals(List.of("/app"), cmd.command());
        assertEquals(false, cmd.shellForm());
    }

    @Test
    void runFlagsAndForms() {
        Instruction.Run r = (Instruction.Run) only(
                "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok --network=none echo $A \\\n  b");
        assertEquals(List.of("echo $A   b"), r.command());
        assertTrue(r.shellForm());
        assertEquals(List.of("type=cache,target=/root/.cache", "type=secret,id=tok"), r.mounts());
        assertEquals("none", r.network());
        assertEquals("sandbox", r.security());
        Instruction.Run exec = (Instruction.Run) only("RUN [\"a\", \"b c\"]");
        assertEquals(List.of("a", "b c"), exec.command());
        assertEquals(false, exec.shellForm());
    }

    @Test
    void copyAndAddFlags() {
        Instruction.Copy c = (Instruction.Copy) only("COPY --chown=app:app --chmod=0644 --link --exclude=*.md --exclude=x a b /dst/");
        assertEquals(List.of("a", "b"), c.sources());
        assertEquals("/dst/", c.destination());
        assertEquals("app:app", c.chown());
        assertEquals("0644", c.chmod());
        assertTrue(c.link());
        assertEquals(List.of("*.md", "x"), c.excludes());
        Instruction.Add a = (Instruction.Add) only("ADD --checksum=sha256:00 --keep-git-dir [\"x y\", \"/z\"]");
        assertEquals(List.of("x y"), a.sources());
        assertEquals("/z", a.destination());
        assertEquals(Boolean.TRUE, a.keepGitDir());
        assertNull(a.unpack());
        assertEquals("sha256:00", a.checksum());
    }

    @Test
    void envLabelArgForms() {
        Instruction.Env e = (Instruction.Env) only("ENV A=1 B=\"two words\" C=x\\ y");
        assertEquals(List.of(new Instruction.KeyValue("A", "1", false), new Instruction.KeyValue("B", "\"two words\"", false),
                new Instruction.KeyValue("C", "x\\ y", false)), e.pairs());
        Instruction.Env legacy = (Instruction.Env) only("ENV PATH /a:/b c");
        assertEquals(List.of(new Instruction.KeyValue("PATH", "/a:/b c", true)), legacy.pairs());
        Instruction.Label l = (Instruction.Label) only("LABEL version=1.0 \"com.x\"=y");
        assertEquals("\"com.x\"", l.pairs().get(1).key());
        Instruction.Arg arg = (Instruction.Arg) only("ARG A B= C=d=e");
        assertEquals(List.of(new Instruction.ArgDecl("A", null), new Instruction.ArgDecl("B", ""),
                new Instruction.ArgDecl("C", "d=e")), arg.args());
    }

    @Test
    void healthchecks() {
        HealthConfig h = ((Instruction.Healthcheck) only(
                "HEALTHCHECK --interval=1m30s --timeout=3s --start-period=0.5s --retries=4 CMD curl -f http://x/")).config();
        assertEquals(List.of("CMD-SHELL", "curl -f http://x/"), h.test());
        assertEquals(Duration.ofSeconds(90), h.interval());
        assertEquals(Duration.ofSeconds(3), h.timeout());
        assertEquals(Duration.ofMillis(500), h.startPeriod());
        assertEquals(Duration.ZERO, h.startInterval());
        assertEquals(4, h.retries());
        HealthConfig exec = ((Instruction.Healthcheck) only("HEALTHCHECK CMD [\"/check\", \"-q\"]")).config();
        assertEquals(List.of("CMD", "/check", "-q"), exec.test());
        assertTrue(((Instruction.Healthcheck) only("HEALTHCHECK none")).config().isNone());
    }

    @Test
    void simpleInstructions() {
        assertEquals(new Instruction.Workdir("/app", ((Instruction.Workdir) only("WORKDIR /app")).source()), only("WORKDIR /app"));
        assertEquals("1000:1000", ((Instruction.User) only("USER 1000:1000")).user());
        assertEquals(List.of("443", "80/tcp", "8080"), ((Instruction.Expose) only("EXPOSE 8080 80/tcp 443")).ports());
        assertEquals(List.of("/data", "/logs"), ((Instruction.Volume) only("VOLUME [\"/data\", \"/logs\"]")).volumes());
        assertEquals(List.of("/bin/bash", "-c"), ((Instruction.Shell) only("SHELL [\"/bin/bash\", \"-c\"]")).shell());
        assertEquals("SIGTERM", ((Instruction.StopSignal) only("STOPSIGNAL SIGTERM")).signal());
        assertEquals("me", ((Instruction.Maintainer) only("MAINTAINER me")).maintainer());
        assertEquals(List.of(), ((Instruction.Entrypoint) only("ENTRYPOINT []")).command());
        Instruction.Onbuild o = (Instruction.Onbuild) only("onbuild  copy . /src");
        assertEquals("copy . /src", o.expression());
        assertEquals(List.of("."), ((Instruction.Copy) o.trigger()).sources());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ONBUILD FROM scratch|FROM isn't allowed as an ONBUILD trigger",
        "ONBUILD ONBUILD RUN x|Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
        "ONBUILD MAINTAINER me|MAINTAINER isn't allowed as an ONBUILD trigger",
        "FOO bar|unknown instruction: FOO",
        "COPY only-one|COPY requires at least two arguments, but only one was provided. Destination could not be determined",
        "COPY --form=x a b|unknown flag: --form (accepted: --chown, --chmod, --link, --exclude, --from, --parents)",
        "COPY --from=a --from=b x y|duplicate flag specified: --from",
        "COPY --from x y|missing a value on flag: --from",
        "COPY --link=maybe x y|expecting boolean value for flag --link, not: maybe",
        "RUN --network=bridge x|invalid network mode \"bridge\"",
        "RUN --mount=type=nfs x|--mount=type=nfs: unsupported mount type \"nfs\" (one of [bind, cache, tmpfs, secret, ssh])",
        "SHELL /bin/sh -c|SHELL requires the arguments to be in JSON form",
        "WORKDIR|WORKDIR requires exactly one argument",
        "STOPSIGNAL|STOPSIGNAL requires exactly one argument",
        "EXPOSE|EXPOSE requires at least one argument",
        "ENV A=1 B|Syntax error - can't find = in \"B\". Must be of the form: name=value",
        "ARG =x|ARG names can not be blank",
        "HEALTHCHECK NONE x|HEALTHCHECK NONE takes no arguments",
        "HEALTHCHECK CMD|Missing command after HEALTHCHECK CMD",
        "HEALTHCHECK PING x|Unknown type \"PING\" in HEALTHCHECK (try CMD)",
        "HEALTHCHECK --interval=1us CMD x|Interval \"interval\" cannot be less than 1ms",
        "HEALTHCHECK --timeout=5 CMD x|--timeout: time: missing unit in duration \"5\"",
        "HEALTHCHECK --retries=-1 CMD x|--retries cannot be negative (-1)",
        "FROM a AS 1st|invalid name for build stage: \"1st\", name can't start with a number or contain symbols",
        "FROM a b|FROM requires either one or three arguments"})
    void instructionErrors(String line, String reason) {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Dockerfile.parse("Dockerfile", "FROM scratch\n" + line + "\n"));
        assertEquals(reason, e.reason());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("Dockerfile:2:1: " + reason + "\n  2 | " + line), e.getMessage());
    }

    @Test
    void instructionBeforeFromIsAnError() {
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> Dockerfile.parse("Dockerfile", "ARG A\nRUN x\nFROM a\n"));
        assertEquals(2, e.line());
    }

    @Test
    void builderErrorsPointAtTheInstruction() {
        Dockerfile df = Dockerfile.parse("Dockerfile", "FROM a\nCOPY --from=nowhere \\\n  /x /y\n");
        Instruction copy = df.lastStage().instructions().get(0);
        DockerfileSyntaxException e = df.error(copy, "stage nowhere not found", null);
        assertEquals("Dockerfile:2:1: stage nowhere not found\n  2 | COPY --from=nowhere \\\n  3 |   /x /y", e.getMessage());
        assertEquals(3, e.endLine());
    }

    @Test
    void onlyArgsIsAnError() {
        assertThrows(DockerfileSyntaxException.class, () -> Dockerfile.parse("Dockerfile", "ARG A\n"));
    }

    @Test
    void runMounts() {
        RunMount cache = RunMount.parse("type=cache,target=/c,id=x,sharing=locked,mode=0755,uid=1");
        assertEquals(new RunMount("cache", "", "", "/c", false, 0, "x", "locked", false, null, 0755, 1, null), cache);
        RunMount bind = RunMount.parse("source=a,target=/b,from=stage");
        assertTrue(bind.readOnly());
        assertEquals(64L << 20, RunMount.parse("type=tmpfs,target=/t,size=64m").sizeLimit());
        assertEquals("\"a,b\"", "\"" + RunMount.csvFields("\"a,b\",c").get(0) + "\"");
        assertTrue(RunMount.parse("type=secret,id=t,required").required());
        JrunException e = assertThrows(JrunException.class, () -> RunMount.parse("type=bind,uid=1"));
        assertEquals("uid not allowed for \"bind\" type mounts", e.getMessage());
    }
}
