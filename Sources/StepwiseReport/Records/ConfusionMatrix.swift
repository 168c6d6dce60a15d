import Foundation

/// Gold label × teacher label counts over a closed label space; every label outside the
/// classes (unparsed, empty, unknown) counts as `other`.
public struct ConfusionMatrix: Sendable, Hashable {
    public static let other = "other"
    public let classes: [String]
    /// `counts[gold][teacher]`, indexes into ``labels``.
    public private(set) var counts: [[Int]]

    public init(classes: [String]) {
        self.classes = classes
        self.counts = Array(repeating: Array(repeating: 0, count: classes.count + 1), count: classes.count + 1)
    }

    /// The rows' and columns' labels: the classes, then `other`.
    public var labels: [String] { classes + [Self.other] }

    public mutating func add(gold: String, teacher: String) {
        counts[index(gold)][index(teacher)] += 1
    }

    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }
    /// Records on the diagonal (teacher equal to gold, `other` excluded).
    public var agreeing: Int { classes.indices.reduce(0) { $0 + counts[$1][$1] } }

    private func index(_ label: String) -> Int {
        classes.firstIndex(of: label) ?? classes.firstIndex { $0.caseInsensitiveCompare(label) == .orderedSame } ?? classes.count
    }
}
