package dev.jrun.apt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Build-time half of dev.jrun.image.FastJson: writes {@code dev.jrun.image.RecordCodecs}, which builds and
 * writes every public record of jrun with plain constructor and accessor calls, as Jackson would with
 * jrun's ObjectMapper (names from {@code @JsonProperty}, {@code @JsonInclude} NON_NULL/NON_EMPTY/ALWAYS,
 * component order). Core reflection would cost what it saves: on JDK 25 a first
 * {@code Constructor.newInstance} spins method-handle classes, and reading annotations makes proxies.
 * A record using anything else Jackson can express (another Jackson annotation, a type without a shape
 * here) gets no codec and stays with Jackson; the compiler prints a note naming why.
 */
@SupportedAnnotationTypes("*")
public final class JsonCodecProcessor extends GeneratingProcessor {
    private static final String PKG = "dev.jrun.image";
    private static final Set<String> COMPONENT_ANNOTATIONS = Set.of(
            "com.fasterxml.jackson.annotation.JsonProperty", "com.fasterxml.jackson.annotation.JsonInclude");
    private static final Set<String> CLASS_ANNOTATIONS = Set.of(
            "com.fasterxml.jackson.annotation.JsonInclude", "com.fasterxml.jackson.annotation.JsonIgnoreProperties");

    private final Map<String, TypeElement> records = new TreeMap<>();
    @Override
    void collect(RoundEnvironment env) {
        for (Element e : env.getRootElements()) {
            scan(e);
        }
    }

    @Override
    void generate() {
        if (!records.isEmpty()) {
            write();
        }
    }

    private void scan(Element e) {
        if (!(e instanceof TypeElement t) || !e.getModifiers().contains(Modifier.PUBLIC)) {
            return;
        }
        String name = t.getQualifiedName().toString();
        if (!name.startsWith("dev.jrun.")) {
            return;
        }
        if (e.getKind() == ElementKind.RECORD && t.getTypeParameters().isEmpty()) {
            records.put(binaryName(t), t);
        }
        for (Element inner : e.getEnclosedElements()) {
            scan(inner);
        }
    }

    /** One component: JSON name, inclusion, shape expression, Java type and accessor. */
    private record Component(String json, String include, String shape, String type, String accessor,
                             boolean primitive) {
    }

    private void write() {
        // a record whose components name an unsupported record is unsupported too: iterate to a fixpoint
        Map<String, List<Component>> ok = new LinkedHashMap<>();
        Map<String, String> why = new TreeMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TypeElement t : records.values()) {
                String n = binaryName(t);
                if (ok.containsKey(n) || why.containsKey(n)) {
                    continue;
                }
                try {
                    ok.put(n, components(t, why.keySet()));
                    changed = true;
                } catch (Unsupported u) {
                    why.put(n, u.getMessage());
                    ok.clear(); // earlier successes may have named it
                    changed = true;
                }
            }
        }
        why.forEach((n, w) -> note("record " + n + " is written and read by Jackson: " + w));
        // one shape per distinct shape (422 components have 57), each made once, when first needed
        java.util.Map<String, Integer> shapes = new java.util.LinkedHashMap<>();
        StringBuilder reads = new StringBuilder();
        StringBuilder writes = new StringBuilder();
        for (TypeElement t : records.values()) {
            List<Component> cs = ok.get(binaryName(t));
            if (cs == null) {
                continue;
            }
            String type = t.getQualifiedName().toString();
            reads.append("            case \"").append(binaryName(t)).append("\":\n                return new ")
                    .append(type).append("(");
            for (int i = 0; i < cs.size(); i++) {
                Component c = cs.get(i);
                int s = shapes.computeIfAbsent(c.shape(), k -> shapes.size());
                reads.append(i == 0 ? "\n                        " : ",\n                        ");
                String value = "FastJson.bind(m.get(\"" + c.json() + "\"), s(" + s + "))";
                reads.append(c.primitive() ? "((" + box(c.type()) + ") " + value + ")." + c.type() + "Value()"
                        : "(" + c.type() + ") " + value);
            }
            reads.append(");\n");
            writes.append("            case \"").append(binaryName(t)).append("\": {\n                ")
                    .append(type).append(" r = (").append(type).append(") v;\n")
                    .append("                sb.append('{');\n                boolean first = true;\n");
            for (Component c : cs) {
                writes.append("                first = FastJson.field(sb, first, \"").append(c.json())
                        .append("\", r.").append(c.accessor()).append("(), FastJson.").append(c.include())
                        .append(");\n");
            }
            writes.append("                sb.append('}');\n                return true;\n            }\n");
        }
        StringBuilder sb = new StringBuilder();
        sb.append("package ").append(PKG).append(";\n\n");
        sb.append("/** Generated by dev.jrun.apt.JsonCodecProcessor from jrun's public records: do not edit. */\n");
        sb.append("@javax.annotation.processing.Generated(\"dev.jrun.apt.JsonCodecProcessor\")\n");
        sb.append("@SuppressWarnings({\"unchecked\", \"rawtypes\"})\n");
        sb.append("final class RecordCodecs {\n    private RecordCodecs() {\n    }\n\n");
        // the shapes are made on first use: a short JVM reads a few records (a run: the image index, a manifest,
        // a config, its container's records), and making all of them, with the enums they name, in the class
        // initializer cost ~1 ms interpreted. A race makes a shape twice, both equal: they are immutable
        sb.append("    private static final FastJson.Shape[] SHAPES = new FastJson.Shape[").append(shapes.size())
                .append("];\n\n");
        sb.append("    private static FastJson.Shape s(int i) {\n        FastJson.Shape s = SHAPES[i];\n")
                .append("        if (s == null) {\n            s = make(i);\n            SHAPES[i] = s;\n        }\n")
                .append("        return s;\n    }\n\n");
        sb.append("    private static FastJson.Shape make(int i) {\n        switch (i) {\n");
        for (java.util.Map.Entry<String, Integer> e : shapes.entrySet()) {
            sb.append("            case ").append(e.getValue()).append(":\n                return ").append(e.getKey())
                    .append(";\n");
        }
        sb.append("            default:\n                throw new IllegalArgumentException(\"no shape \" + i);\n")
                .append("        }\n    }\n");
        sb.append("\n    /** The record of that binary name built from the JSON object m, or FastJson.NO_CODEC. */\n");
        sb.append("    static Object read(String name, java.util.Map<?, ?> m) {\n        switch (name) {\n");
        sb.append(reads);
        sb.append("            default:\n                return FastJson.NO_CODEC;\n        }\n    }\n\n");
        sb.append("    /** Writes the record v as JSON; false when it has no codec. */\n");
        sb.append("    static boolean write(StringBuilder sb, Object v) {\n        switch (v.getClass().getName()) {\n");
        sb.append(writes);
        sb.append("            default:\n                return false;\n        }\n    }\n}\n");
        writeSource(PKG + ".RecordCodecs", sb.toString());
    }

    private static String box(String primitive) {
        return switch (primitive) {
            case "int" -> "java.lang.Integer";
            case "long" -> "java.lang.Long";
            case "boolean" -> "java.lang.Boolean";
            default -> throw new Unsupported("primitive " + primitive);
        };
    }

    private List<Component> components(TypeElement t, Set<String> unsupported) {
        String classInclude = "NON_NULL";
        for (AnnotationMirror m : t.getAnnotationMirrors()) {
            String a = annotationName(m);
            if (a.startsWith("com.fasterxml.") && !CLASS_ANNOTATIONS.contains(a)) {
                throw new Unsupported("@" + a);
            }
            if (a.equals("com.fasterxml.jackson.annotation.JsonInclude")) {
                classInclude = include(m);
            }
        }
        Set<String> accessors = new java.util.HashSet<>();
        for (RecordComponentElement rc : t.getRecordComponents()) {
            accessors.add(rc.getSimpleName().toString());
        }
        for (ExecutableElement method : ElementFilter.methodsIn(t.getEnclosedElements())) {
            if (method.getParameters().isEmpty() && accessors.contains(method.getSimpleName().toString())) {
                continue; // a component's accessor: its annotations are the component's, read below
            }
            for (AnnotationMirror m : method.getAnnotationMirrors()) {
                if (annotationName(m).startsWith("com.fasterxml.")) {
                    throw new Unsupported("@" + annotationName(m) + " on " + method.getSimpleName());
                }
            }
        }
        for (ExecutableElement c : ElementFilter.constructorsIn(t.getEnclosedElements())) {
            for (AnnotationMirror m : c.getAnnotationMirrors()) {
                if (annotationName(m).startsWith("com.fasterxml.")) {
                    throw new Unsupported("@" + annotationName(m) + " on a constructor");
                }
            }
        }
        Map<String, VariableElement> fields = new LinkedHashMap<>();
        for (VariableElement f : ElementFilter.fieldsIn(t.getEnclosedElements())) {
            fields.put(f.getSimpleName().toString(), f);
        }
        List<Component> out = new ArrayList<>();
        for (RecordComponentElement rc : t.getRecordComponents()) {
            String n = rc.getSimpleName().toString();
            String json = n;
            String include = classInclude;
            VariableElement f = fields.get(n);
            List<AnnotationMirror> annotations = new ArrayList<>(rc.getAnnotationMirrors());
            if (f != null) {
                annotations.addAll(f.getAnnotationMirrors());
            }
            for (AnnotationMirror m : annotations) {
                String a = annotationName(m);
                if (a.startsWith("com.fasterxml.") && !COMPONENT_ANNOTATIONS.contains(a)) {
                    throw new Unsupported("@" + a + " on " + n);
                }
                if (a.equals("com.fasterxml.jackson.annotation.JsonProperty")) {
                    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
                            : m.getElementValues().entrySet()) {
                        String k = e.getKey().getSimpleName().toString();
                        if (k.equals("value")) {
                            String v = (String) e.getValue().getValue();
                            json = v.isEmpty() ? n : v;
                        } else {
                            throw new Unsupported("@JsonProperty(" + k + ") on " + n);
                        }
                    }
                }
                if (a.equals("com.fasterxml.jackson.annotation.JsonInclude")) {
                    include = include(m);
                }
            }
            TypeMirror type = rc.asType();
            out.add(new Component(escape(json), include, shape(type, unsupported, n), type.toString(),
                    rc.getAccessor().getSimpleName().toString(), type.getKind().isPrimitive()));
        }
        return out;
    }

    private String include(AnnotationMirror m) {
        String v = "ALWAYS";
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : m.getElementValues().entrySet()) {
            if (e.getKey().getSimpleName().contentEquals("value")) {
                v = ((VariableElement) e.getValue().getValue()).getSimpleName().toString();
            } else {
                throw new Unsupported("@JsonInclude(" + e.getKey().getSimpleName() + ")");
            }
        }
        if (!Set.of("ALWAYS", "NON_NULL", "NON_EMPTY").contains(v)) {
            throw new Unsupported("@JsonInclude(" + v + ")");
        }
        return v;
    }

    /** The FastJson.Shape expression for a component type. */
    private String shape(TypeMirror t, Set<String> unsupported, String component) {
        switch (t.getKind()) {
            case INT:
                return "FastJson.Shape.PINT";
            case LONG:
                return "FastJson.Shape.PLONG";
            case BOOLEAN:
                return "FastJson.Shape.PBOOL";
            case DECLARED:
                break;
            default:
                throw new Unsupported(component + " has type " + t);
        }
        DeclaredType d = (DeclaredType) t;
        TypeElement e = (TypeElement) d.asElement();
        String n = e.getQualifiedName().toString();
        switch (n) {
            case "java.lang.String":
                return "FastJson.Shape.STRING";
            case "java.lang.Integer":
                return "FastJson.Shape.INT";
            case "java.lang.Long":
                return "FastJson.Shape.LONG";
            case "java.lang.Boolean":
                return "FastJson.Shape.BOOL";
            case "java.lang.Object":
                return "FastJson.Shape.OBJECT";
            case "dev.jrun.image.Digest":
                return "FastJson.Shape.DIGEST";
            case "java.util.List":
                return "FastJson.Shape.list(" + shape(d.getTypeArguments().get(0), unsupported, component) + ")";
            case "java.util.Map":
                if (!d.getTypeArguments().get(0).toString().equals("java.lang.String")) {
                    throw new Unsupported(component + " has type " + t);
                }
                return "FastJson.Shape.map(" + shape(d.getTypeArguments().get(1), unsupported, component) + ")";
            default:
                break;
        }
        if (e.getKind() == ElementKind.ENUM && e.getModifiers().contains(Modifier.PUBLIC)) {
            for (Element c : e.getEnclosedElements()) {
                for (AnnotationMirror m : c.getAnnotationMirrors()) {
                    if (annotationName(m).startsWith("com.fasterxml.")) {
                        throw new Unsupported(n + " has Jackson annotations");
                    }
                }
            }
            return "FastJson.Shape.enumOf(" + n + ".values())";
        }
        if (e.getKind() == ElementKind.RECORD && records.containsKey(binaryName(e))
                && !unsupported.contains(binaryName(e))) {
            return "FastJson.Shape.record(\"" + binaryName(e) + "\")";
        }
        throw new Unsupported(component + " has type " + t);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
