import Testing

@testable import StepwiseReport

@Suite struct HTMLTextTests {
    @Test func escapesMarkupAndQuotes() {
        #expect(HTMLText.escape(#"<b a="1">'x' & y</b>"#) == "&lt;b a=&quot;1&quot;&gt;&#39;x&#39; &amp; y&lt;/b&gt;")
    }

    @Test func groupsThousands() {
        #expect(HTMLText.count(549367) == "549,367")
        #expect(HTMLText.count(999) == "999")
        #expect(HTMLText.count(1000) == "1,000")
    }
}
