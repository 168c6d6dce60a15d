import StepwiseCore

/// How many samples have each token length, for one column. Exact and mergeable:
/// the histogram of a split is the sum of its shards' (and ranks') histograms, and every
/// quantile is read off it exactly.
public struct LengthHistogram: Sendable, Hashable {
    /// `counts[L]` = samples whose column holds `L` tokens.
    public private(set) var counts: [Int] = []
    public private(set) var samples: Int = 0
    public private(set) var tokens: Int = 0

    public init() {}

    public mutating func add(length: Int, count: Int = 1) {
        if length >= counts.count { counts.append(contentsOf: repeatElement(0, count: length + 1 - counts.count)) }
        counts[length] += count
        samples += count
        tokens += length * count
    }

    public mutating func merge(_ other: LengthHistogram) {
        for (length, c) in other.counts.enumerated() where c > 0 { add(length: length, count: c) }
    }

    public var min: Int? { counts.firstIndex(where: { $0 > 0 }) }
    public var max: Int? { counts.lastIndex(where: { $0 > 0 }) }
    public var mean: Double? { samples > 0 ? Double(tokens) / Double(samples) : nil }

    /// The nearest-rank quantile: the smallest length `L` such that at least `⌈p·N⌉` samples
    /// (and at least one) are no longer than `L`.
    public func quantile(_ p: Double) -> Int? {
        guard samples > 0 else { return nil }
        let rank = Swift.max(1, Int((p * Double(samples)).rounded(.up)))
        var seen = 0
        for (length, c) in counts.enumerated() {
            seen += c
            if seen >= rank { return length }
        }
        return max
    }

    /// `[[length, count], ...]` for the lengths that occur, shortest first.
    func jsonValue() -> JSONValue {
        .array(counts.enumerated().filter { $0.element > 0 }.map { .array([.int($0.offset), .int($0.element)]) })
    }

    init?(json: JSONValue) {
        guard let pairs = json.arrayValue else { return nil }
        for pair in pairs {
            guard let a = pair.arrayValue, a.count == 2, let length = a[0].intValue, let c = a[1].intValue,
                length >= 0, length < 1 << 24, c > 0
            else { return nil }
            add(length: length, count: c)
        }
    }
}
