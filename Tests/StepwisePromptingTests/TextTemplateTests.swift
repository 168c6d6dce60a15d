import StepwiseCore
import Testing

/// The one template syntax: Mustache, rendered as plain text.
struct TextTemplateTests {
    @Test("variables, dotted names and sections render; nothing is HTML-escaped")
    func renders() throws {
        let t = try TextTemplate("Q: {{question}} ({{meta.source}}){{#choices}} [{{.}}]{{/choices}} <&>")
        let values: JSONValue = ["question": "Is 1 < 2 & \"yes\"?", "meta": ["source": "web"], "choices": ["a", "b"]]
        #expect(t.render(values) == "Q: Is 1 < 2 & \"yes\"? (web) [a] [b] <&>")
        #expect(t.variables == ["question", "meta", "meta.source", "choices"])
        #expect(t.fields == ["question", "meta", "choices"])
        #expect(try TextTemplate("{{n}} {{x}} {{ok}}").render(["n": 18, "x": 2.5, "ok": true]) == "18 2.5 true")
    }

    @Test("missing values render empty (callers check fields first)")
    func missing() throws {
        #expect(try TextTemplate("a{{nope}}b").render([:]) == "ab")
    }

    @Test("malformed tags are reported with line and column")
    func malformed() {
        #expect(throws: TextTemplateError.self) { try TextTemplate("{{#open}} never closed") }
        #expect(throws: TextTemplateError.self) { try TextTemplate("{{unfinished") }
    }

    @Test("single-brace placeholders of other template languages are found, so they can be refused")
    func singleBraces() {
        #expect(TextTemplate.singleBraceNames(in: "Premise: {premise} {{ok}} {not a name} {x1}") == ["premise", "x1"])
        #expect(TextTemplate.singleBraceNames(in: "{{fine}} and {\"json\": 1}").isEmpty)
    }
}
