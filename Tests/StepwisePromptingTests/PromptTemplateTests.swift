import Testing

@testable import StepwisePrompting

struct PromptTemplateTests {
    @Test("placeholders render, doubled braces are literal")
    func renders() throws {
        let t = try PromptTemplate("Q: {input} {{not a var}} {label}}}")
        #expect(t.variables == ["input", "label"])
        #expect(t.render(["input": "2+2?", "label": "4"]) == "Q: 2+2? {not a var} 4}")
    }

    @Test("malformed braces are reported with what to write instead")
    func malformed() {
        #expect(throws: PromptTemplateError.self) { try PromptTemplate("Q: {input") }
        #expect(throws: PromptTemplateError.self) { try PromptTemplate("Q: {}") }
        #expect(throws: PromptTemplateError.self) { try PromptTemplate("Q: {in put}") }
        do {
            _ = try PromptTemplate("a } b")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'}}'"))
        }
    }
}
