import StepwiseCore

/// How often the teacher's label equals the gold label, per split — the paper's
/// "LLM Train/Test Acc".
///
/// Every record with a completion counts in ``Tally/total``; a label that could not be
/// parsed into the label space counts as wrong (as in the paper, whose blank labels never
/// equal gold). Records without a completion (`teacher_failed`) are not counted.
///
/// ``ParseStage`` counts through the shared stage counters (``countName(correct:split:)``),
/// so the pipeline gets the figures with ``init(counts:)`` from the parse stage's
/// snapshot, including for records the stage dropped; ``add(_:)`` is there for callers
/// that see every ``ParsedRecord``.
public struct TeacherAccuracy: Sendable, Hashable, Codable {
    public struct Tally: Sendable, Hashable, Codable {
        public var correct = 0
        public var total = 0
        public init(correct: Int = 0, total: Int = 0) {
            self.correct = correct
            self.total = total
        }
        /// `correct / total`, `nil` with no records.
        public var accuracy: Double? { total > 0 ? Double(correct) / Double(total) : nil }
    }

    /// Tallies by split name (`train`, `valid`, `test`).
    public var splits: [String: Tally] = [:]

    public init(splits: [String: Tally] = [:]) { self.splits = splits }

    /// Rebuilds the tallies from a stage's named counts (`teacher_correct:<split>`,
    /// `teacher_total:<split>`).
    public init(counts: [String: Int]) {
        for (name, value) in counts {
            if name.hasPrefix(Self.totalPrefix) {
                splits[String(name.dropFirst(Self.totalPrefix.count)), default: Tally()].total += value
            } else if name.hasPrefix(Self.correctPrefix) {
                splits[String(name.dropFirst(Self.correctPrefix.count)), default: Tally()].correct += value
            }
        }
    }

    static let totalPrefix = "teacher_total:"
    static let correctPrefix = "teacher_correct:"

    /// The stage counter name for a split's total (`correct: false`) or correct count.
    public static func countName(correct: Bool, split: String) -> String {
        (correct ? correctPrefix : totalPrefix) + split
    }

    /// Counts one parsed record (ignored when the teacher gave no completion).
    public mutating func add(_ record: ParsedRecord) {
        guard record.reason != FilterReason.teacherFailed.rawValue else { return }
        splits[record.source.split, default: Tally()].total += 1
        if record.teacherCorrect == true { splits[record.source.split, default: Tally()].correct += 1 }
    }

    /// The figures for the run record: `{"train": {"correct": …, "total": …, "accuracy": …}, …}`.
    public var jsonValue: JSONValue {
        .object(
            splits.keys.sorted(by: Self.splitOrder).map { split in
                let t = splits[split] ?? Tally()
                return (
                    split,
                    .object([
                        ("correct", .int(t.correct)), ("total", .int(t.total)),
                        ("accuracy", t.accuracy.map(JSONValue.double) ?? .null),
                    ])
                )
            })
    }

    /// Lines for `stepwise stats`, as the paper prints them: `LLM Train Acc: 0.8712
    /// (8487/9741)`, one per split, train first.
    public func formattedLines() -> [String] {
        splits.keys.sorted(by: Self.splitOrder).compactMap { split in
            guard let t = splits[split], let acc = t.accuracy else { return nil }
            let name = split.prefix(1).uppercased() + split.dropFirst()
            return "LLM \(name) Acc: \(Self.fourDecimals(acc)) (\(t.correct)/\(t.total))"
        }
    }

    private static func fourDecimals(_ x: Double) -> String {
        let scaled = Int((x * 10_000).rounded())
        let whole = scaled / 10_000
        let frac = String(scaled % 10_000)
        return "\(whole)." + String(repeating: "0", count: 4 - frac.count) + frac
    }

    private static func splitOrder(_ a: String, _ b: String) -> Bool {
        let order = ["train": 0, "valid": 1, "test": 2]
        return (order[a] ?? 3, a) < (order[b] ?? 3, b)
    }
}
