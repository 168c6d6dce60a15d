import Foundation
import StepwiseShards

/// The report's charts as inline SVG: no script, no network, fixed sizes, so a page
/// renders the same anywhere (and a browser test can count the bars).
enum SVGCharts {
    /// A token-length histogram in up to `bins` bars from 0 to the larger of the longest
    /// length and `limit`, with the limit drawn as a dashed red line. A limit more than
    /// twice the longest length would squeeze the bars into a corner: the axis then ends at
    /// the longest length and the limit is named at its end instead.
    static func histogram(_ h: LengthHistogram, limit: Int?, title: String, bins: Int = 40) -> String {
        let width = 520.0, height = 150.0, left = 44.0, bottom = 22.0, top = 18.0
        let longest = h.max ?? 0
        let limitOnAxis = limit.map { $0 <= 2 * max(longest, 1) } ?? false
        let top_ = limitOnAxis ? max(longest, limit ?? 0) : max(longest, 1)
        let binWidth = max(1, (top_ + bins) / bins)
        let count = top_ / binWidth + 1
        var counts = [Int](repeating: 0, count: count)
        for (length, c) in h.counts.enumerated() where c > 0 { counts[min(count - 1, length / binWidth)] += c }
        let peak = max(1, counts.max() ?? 1)
        let plotW = width - left - 8, plotH = height - top - bottom
        let barW = plotW / Double(count)
        var svg = "<svg class=\"chart histogram\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>\(HTMLText.escape(title))</title>"
            + "<text x=\"\(left)\" y=\"12\" class=\"ct\">\(HTMLText.escape(title))</text>"
        for (i, c) in counts.enumerated() where c > 0 {
            let barH = max(1, plotH * Double(c) / Double(peak))
            let x = left + Double(i) * barW
            let lo = i * binWidth, hi = lo + binWidth - 1
            svg += "<rect class=\"bar\" x=\"\(f(x))\" y=\"\(f(top + plotH - barH))\" width=\"\(f(max(1, barW - 1)))\" height=\"\(f(barH))\">"
                + "<title>\(lo == hi ? "\(lo)" : "\(lo)–\(hi)") tokens: \(c)</title></rect>"
        }
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(width - 8)\" y2=\"\(top + plotH)\"/>"
        svg += "<text x=\"\(left)\" y=\"\(height - 6)\" class=\"tick\">0</text>"
        svg += "<text x=\"\(width - 8)\" y=\"\(height - 6)\" class=\"tick\" text-anchor=\"end\">\(top_)</text>"
        svg += "<text x=\"\(left - 4)\" y=\"\(top + 8)\" class=\"tick\" text-anchor=\"end\">\(compact(peak))</text>"
        if let limit, !limitOnAxis {
            svg += "<text class=\"limit limit-label\" x=\"\(width - 8)\" y=\"\(top + 6)\" text-anchor=\"end\">limit \(limit) →</text>"
        } else if let limit {
            // After the bar of length `limit`: lengths up to the limit are left of the line.
            let x = min(width - 8, left + Double(limit + 1) / Double(binWidth) * barW)
            svg += "<line class=\"limit\" x1=\"\(f(x))\" y1=\"\(top - 4)\" x2=\"\(f(x))\" y2=\"\(top + plotH)\"/>"
                + "<text class=\"limit-label\" x=\"\(f(x - 3))\" y=\"\(top + 6)\" text-anchor=\"end\">limit \(limit)</text>"
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per (label, count), longest first as given.
    static func bars(_ items: [(String, Int)], title: String) -> String {
        let rowH = 20.0, labelW = 190.0, width = 520.0
        let height = 20 + rowH * Double(items.count)
        let peak = max(1, items.map(\.1).max() ?? 1)
        var svg = "<svg class=\"chart bars\" role=\"img\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title>\(HTMLText.escape(title))</title>"
        for (i, (label, n)) in items.enumerated() {
            let y = 10 + Double(i) * rowH
            let w = max(1, (width - labelW - 70) * Double(n) / Double(peak))
            svg += "<text x=\"\(labelW - 6)\" y=\"\(f(y + 14))\" class=\"tick\" text-anchor=\"end\">\(HTMLText.escape(label))</text>"
                + "<rect class=\"bar reason\" x=\"\(labelW)\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"\(f(rowH - 6))\"><title>\(HTMLText.escape(label)): \(n)</title></rect>"
                + "<text x=\"\(f(labelW + w + 4))\" y=\"\(f(y + 14))\" class=\"tick\">\(n)</text>"
        }
        return svg + "</svg>"
    }

    private static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    /// `274k`, `1.2M`: an axis label that fits the margin.
    static func compact(_ n: Int) -> String {
        if n >= 1_000_000 { return String(format: "%.1fM", Double(n) / 1e6) }
        if n >= 10_000 { return "\(n / 1000)k" }
        return String(n)
    }
}
