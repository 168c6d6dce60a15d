/// A multi-task training example: every column a shard holds for one record.
///
/// Token columns end with EOS and are truncated to the pipeline's limits (EOS kept last).
public struct TokenizedExample: Sendable, Hashable {
    public var parsed: ParsedRecord
    /// `predict: ` + input.
    public var inputIds: [Int32] {
        get { column(0) }
        set { replaceColumn(0, with: newValue) }
    }
    /// `explain: ` + input.
    public var explInputIds: [Int32] {
        get { column(1) }
        set { replaceColumn(1, with: newValue) }
    }
    /// The gold label.
    public var labels: [Int32] {
        get { column(2) }
        set { replaceColumn(2, with: newValue) }
    }
    /// The teacher's label (the gold label with the `human` teacher).
    public var teacherLabels: [Int32] {
        get { column(3) }
        set { replaceColumn(3, with: newValue) }
    }
    /// The rationale.
    public var auxLabels: [Int32] {
        get { column(4) }
        set { replaceColumn(4, with: newValue) }
    }
    /// Names of the token columns that were cut at their limit.
    public var truncated: [String]

    /// The five token columns back to back, in the order above: one array per example
    /// instead of five (examples are made by the hundred thousand, and each array is an
    /// allocation to make and, far from where it was made, to free).
    private var tokens: [Int32]
    /// Where columns 0…3 end in `tokens` (column 4 ends at its end).
    private var ends: SIMD4<Int32>

    public init(
        parsed: ParsedRecord, inputIds: [Int32], explInputIds: [Int32], labels: [Int32],
        teacherLabels: [Int32], auxLabels: [Int32], truncated: [String] = []
    ) {
        self.parsed = parsed
        var tokens: [Int32] = []
        tokens.reserveCapacity(inputIds.count + explInputIds.count + labels.count + teacherLabels.count + auxLabels.count)
        var ends = SIMD4<Int32>()
        for (k, column) in [inputIds, explInputIds, labels, teacherLabels].enumerated() {
            tokens.append(contentsOf: column)
            ends[k] = Int32(tokens.count)
        }
        tokens.append(contentsOf: auxLabels)
        self.tokens = tokens
        self.ends = ends
        self.truncated = truncated
    }

    /// An example whose five token columns are already back to back in `tokens`, in the
    /// order above; `ends` holds where columns 0…3 end (column 4 ends at the end).
    public init(parsed: ParsedRecord, tokens: [Int32], ends: SIMD4<Int32>, truncated: [String] = []) {
        precondition(
            ends[0] >= 0 && ends[0] <= ends[1] && ends[1] <= ends[2] && ends[2] <= ends[3] && Int(ends[3]) <= tokens.count,
            "column ends \(ends) do not fit \(tokens.count) tokens")
        self.parsed = parsed
        self.tokens = tokens
        self.ends = ends
        self.truncated = truncated
    }

    public var source: SourceRecord { parsed.source }

    /// Token column `k` (0: input_ids … 4: aux_labels) without copying it.
    public func withColumn<R>(_ k: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R {
        let range = columnRange(k)
        return try tokens.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private func columnRange(_ k: Int) -> Range<Int> {
        precondition((0..<5).contains(k), "token column \(k) out of 0..<5")
        let start = k == 0 ? 0 : Int(ends[k - 1])
        let end = k == 4 ? tokens.count : Int(ends[k])
        return start..<end
    }

    private func column(_ k: Int) -> [Int32] { Array(tokens[columnRange(k)]) }

    private mutating func replaceColumn(_ k: Int, with ids: [Int32]) {
        let range = columnRange(k)
        tokens.replaceSubrange(range, with: ids)
        let shift = Int32(ids.count - range.count)
        for j in k..<4 { ends[j] += shift }
    }
}

extension TokenizedExample: JSONRecord {
    public var sourceIndex: Int? { source.position }
    public var recordID: String { source.id }
    public func jsonFields() -> [(String, JSONValue)] {
        func ids(_ a: [Int32]) -> JSONValue { .array(a.map { .int(Int($0)) }) }
        return parsed.jsonFields() + [
            ("input_ids", ids(inputIds)),
            ("expl_input_ids", ids(explInputIds)),
            ("labels", ids(labels)),
            ("teacher_labels", ids(teacherLabels)),
            ("aux_labels", ids(auxLabels)),
            ("truncated", .array(truncated.map(JSONValue.string))),
        ]
    }
}
