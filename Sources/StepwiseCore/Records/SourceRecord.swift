/// One example as a loader produced it: the first record type of the pipeline.
///
/// Field names here are a contract: `stepwise run --until load --jsonl` writes exactly
/// these keys (see `Schemas/record.load.schema.json`).
public struct SourceRecord: Sendable, Hashable {
    /// The dataset's own id (e-SNLI pairID, ANLI uid, CQA id, SVAMP ID, ASDiv Problem ID),
    /// or `<dataset>-<split>-<index>` where the source has none.
    @inlinable public var id: String {
        get { values.value.id }
        set { values.value.id = newValue }
    }
    /// The dataset the record comes from, as the pipeline names it (`esnli`, `gsm8k`).
    @inlinable public var dataset: String {
        get { values.value.dataset }
        set { values.value.dataset = newValue }
    }
    /// `train`, `valid` or `test`.
    @inlinable public var split: String {
        get { values.value.split }
        set { values.value.split = newValue }
    }
    /// 0-based position within the source split, counting skipped records too.
    @inlinable public var index: Int {
        get { values.value.index }
        set { values.value.index = newValue }
    }
    /// The raw fields as the source has them (unstripped), in source order.
    @inlinable public var fields: [(String, JSONValue)] {
        get { values.value.fields }
        set { values.value.fields = newValue }
    }
    /// The student input, formatted as the paper does.
    @inlinable public var input: String {
        get { values.value.input }
        set { values.value.input = newValue }
    }
    /// The gold label in the paper's label space.
    @inlinable public var label: String {
        get { values.value.label }
        set { values.value.label = newValue }
    }
    /// The human explanation where the dataset has one.
    @inlinable public var explanation: String? {
        get { values.value.explanation }
        set { values.value.explanation = newValue }
    }
    /// CommonsenseQA's five answer choice texts, (a) to (e); `nil` for other datasets.
    @inlinable public var choices: [String]? {
        get { values.value.choices }
        set { values.value.choices = newValue }
    }
    /// The record's position in the run's input stream for its split: equal to `index`
    /// unless several sources feed one split (SVAMP train + ASDiv), where it keeps counting.
    /// Orders `rejects.jsonl`; not written to JSON.
    @inlinable public var position: Int {
        get { values.value.position }
        set { values.value.position = newValue }
    }

    /// The values, shared between copies until one is changed: a record passes through
    /// every stage, and copying it is then one reference count, not one per field.
    @usableFromInline var values: CopyOnWrite<Values>

    @usableFromInline
    struct Values {
        @usableFromInline var id: String
        @usableFromInline var dataset: String
        @usableFromInline var split: String
        @usableFromInline var index: Int
        @usableFromInline var fields: [(String, JSONValue)]
        @usableFromInline var input: String
        @usableFromInline var label: String
        @usableFromInline var explanation: String?
        @usableFromInline var choices: [String]?
        @usableFromInline var position: Int
    }

    public init(
        id: String, dataset: String, split: String, index: Int,
        fields: [(String, JSONValue)] = [], input: String, label: String,
        explanation: String? = nil, choices: [String]? = nil, position: Int? = nil
    ) {
        values = CopyOnWrite(
            Values(
                id: id, dataset: dataset, split: split, index: index, fields: fields, input: input, label: label,
                explanation: explanation, choices: choices, position: position ?? index))
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
    @inlinable public var sourceIndex: Int? { position }
    @inlinable public var recordID: String { id }

    public func jsonFields() -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("id", .string(id)),
            ("dataset", .string(dataset)),
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
