import Testing
@testable import StepwiseRationales

@Suite("Python string semantics")
struct UTF8TextTests {
    @Test func stripUsesPythonWhitespace() {
        let t = UTF8Text("\u{2009}\u{1C} a b\u{00A0}\u{3000}\n")
        #expect(t.string(t.strip(t.all)) == "a b")
        #expect(t.string(t.rstrip(t.all)) == "\u{2009}\u{1C} a b")
        // Zero-width space is not whitespace for Python.
        let z = UTF8Text("a\u{200B}")
        #expect(z.string(z.rstrip(z.all)) == "a\u{200B}")
    }

    @Test func splitLikePython() {
        let t = UTF8Text("aXXbXXXXc")
        #expect(t.split(t.all, on: Array("XX".utf8)).map(t.string) == ["a", "b", "", "c"])
        #expect(t.split(t.all, on: Array("Y".utf8)).map(t.string) == ["aXXbXXXXc"])
    }

    @Test func dropLastScalarDropsACodePoint() {
        let t = UTF8Text("ab😀")
        #expect(t.string(t.dropLastScalar(t.all)) == "ab")
        let e = UTF8Text("")
        #expect(e.dropLastScalar(e.all) == 0..<0)
    }
}
