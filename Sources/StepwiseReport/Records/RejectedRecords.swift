import Foundation
import StepwiseCore
import StepwiseTeacher

/// The filtered records of a run (`OUT/rejects.jsonl`) as ``TextRecord``s, in file order,
/// read one line at a time. `split` keeps one split's.
public struct RejectedRecords {
    private let reader: JSONLineReader?
    private let split: String?

    /// No file (a run that filtered nothing may have none) reads as empty.
    public init(root: URL, split: String? = nil) throws {
        let url = root.appendingPathComponent("rejects.jsonl")
        reader = FileManager.default.fileExists(atPath: url.path) ? try JSONLineReader(url: url) : nil
        self.split = split
    }

    /// The next record; throws ``ReportError/badRejectLine(path:line:)`` on a line that is not JSON.
    public mutating func nextRecord() throws -> TextRecord? {
        guard let reader else { return nil }
        while let (number, bytes) = try reader.nextLine() {
            guard let line = try? JSONValue(parsing: bytes) else {
                throw ReportError.badRejectLine(path: reader.url.path, line: number)
            }
            let recordSplit = line["split"]?.stringValue ?? ""
            if let split, recordSplit != split { continue }
            func text(_ key: String) -> String { line[key]?.stringValue ?? "" }
            return TextRecord(
                split: recordSplit, id: text("id"), input: text("input"), rationale: text("rationale"),
                teacherLabel: text("teacher_label"), label: text("label"), reason: line["reason"]?.stringValue ?? "unknown")
        }
        return nil
    }
}
