/// One example as a loader produced it: the first record type of the pipeline.
///
/// Field names here are a contract: `stepwise run --until load --jsonl` writes exactly
/// these keys (see `Schemas/record.load.schema.json`).
public struct SourceRecord: Sendable, Hashable {
    /// The dataset's own id (e-SNLI pairID, ANLI uid, CQA id, SVAMP ID, ASDiv Problem ID),
    /// or `<dataset>-<split>-<index>` where the source has none.
    public var id: String
    public var dataset: DatasetName
    /// `train`, `valid` or `test`.
    public var split: String
    /// 0-based position within the source split, counting skipped records too.
    public var index: Int
    /// The raw fields as the source has them (unstripped), in source order.
    public var fields: [(String, JSONValue)]
    /// The student input, formatted as the paper does.
    public var input: String
    /// The gold label in the paper's label space.
    public var label: String
    /// The human explanation where the dataset has one.
    public var explanation: String?
    /// CommonsenseQA's five answer choice texts, (a) to (e); `nil` for other datasets.
    public var choices: [String]?
    /// The record's position in the run's input stream for its split: equal to `index`
    /// unless several sources feed one split (SVAMP train + ASDiv), where it keeps counting.
    /// Orders `rejects.jsonl`; not written to JSON.
    public var position: Int

    public init(
        id: String, dataset: DatasetName, split: String, index: Int,
        fields: [(String, JSONValue)] = [], input: String, label: String,
        explanation: String? = nil, choices: [String]? = nil, position: Int? = nil
    ) {
        self.position = position ?? index
        self.id = id
        self.dataset = dataset
        self.split = split
        self.index = index
        self.fields = fields
        self.input = input
        self.label = label
        self.explanation = explanation
        self.choices = choices
    }

    public static func == (lhs: SourceRecord, rhs: SourceRecord) -> Bool {
        lhs.id == rhs.id && lhs.dataset == rhs.dataset && lhs.split == rhs.split && lhs.index == rhs.index
            && JSONValue.object(lhs.fields) == JSONValue.object(rhs.fields) && lhs.input == rhs.input
            && lhs.label == rhs.label && lhs.explanation == rhs.explanation && lhs.choices == rhs.choices
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(split)
        hasher.combine(index)
    }

    /// The value of a raw field.
    public func field(_ name: String) -> JSONValue? {
        fields.first(where: { $0.0 == name })?.1
    }
}

extension SourceRecord: JSONRecord {
    public var sourceIndex: Int? { position }
    public var recordID: String { id }

    public func jsonFields() -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("dataset", .string(dataset.rawValue)),
            ("split", .string(split)),
            ("index", .int(index)),
            ("fields", .object(fields)),
            ("input", .string(input)),
            ("label", .string(label)),
            ("explanation", .optional(explanation)),
        ]
        if let choices { out.append(("choices", .array(choices.map(JSONValue.string)))) }
        return out
    }
}
