import StepwiseShards
import Testing

@testable import StepwiseReport

@Suite struct SVGChartsTests {
    @Test func histogramHasABarPerFilledBinAndTheLimitLine() {
        var h = LengthHistogram()
        for length in [3, 3, 4, 10, 40] { h.add(length: length) }
        let svg = SVGCharts.histogram(h, limit: 64, title: "input_ids", bins: 16)
        // 65 lengths (0…64) in bins of 5: 3 and 4 share a bin, 10 and 40 have their own.
        #expect(svg.components(separatedBy: "<rect class=\"bar\"").count - 1 == 3)
        #expect(svg.contains("<title>0–4 tokens: 3</title>"))
        #expect(svg.contains("class=\"limit\""))
        #expect(svg.contains(">limit 64</text>"))
        #expect(svg.hasPrefix("<svg class=\"chart histogram\""))
    }

    /// A limit far beyond the longest length is named at the axis' end, not drawn in a corner.
    @Test func aFarLimitIsNamedInsteadOfDrawn() {
        var h = LengthHistogram()
        for length in [20, 30, 53] { h.add(length: length, count: 137_000) }
        let svg = SVGCharts.histogram(h, limit: 1024, title: "input_ids")
        #expect(!svg.contains("<line class=\"limit\""))
        #expect(svg.contains("<text class=\"limit limit-label\""))
        #expect(svg.contains(">limit 1024 →</text>"))
        #expect(svg.contains(">53</text>"))  // the axis ends at the longest length
        #expect(svg.contains(">137k</text>"))
    }

    @Test func histogramWithoutLimitOrSamples() {
        let svg = SVGCharts.histogram(LengthHistogram(), limit: nil, title: "labels")
        #expect(!svg.contains("<rect"))
        #expect(!svg.contains("class=\"limit\""))
    }

    @Test func barsAreLabelledAndEscaped() {
        let svg = SVGCharts.bars([("no_answer_phrase", 7), ("a<b", 2)], title: "reasons")
        #expect(svg.components(separatedBy: "<rect class=\"bar reason\"").count - 1 == 2)
        #expect(svg.contains("a&lt;b: 2"))
    }
}
