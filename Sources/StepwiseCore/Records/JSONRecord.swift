/// A record that can be written as one JSON line (`--until … --jsonl`, `rejects.jsonl`).
///
/// Each record type of a later stage extends the fields of the record it wraps, so a
/// dump after any stage shows everything known about the record at that point.
public protocol JSONRecord: Sendable {
    /// The stable id used in errors, rejects and resume bookkeeping.
    var recordID: String { get }
    /// The record's fields, in output order.
    func jsonFields() -> [(String, JSONValue)]
}

extension JSONRecord {
    /// The record as one line of compact JSON (no trailing newline).
    public func jsonLine() -> String { JSONValue.object(jsonFields()).jsonText() }
}
