import StepwiseCore

/// Reads a split stored as one JSON object per line (ANLI's official files and every
/// reference export), turning each object into a record with a dataset's `makeRecord`.
package final class JSONLinesSplitReader: SplitReader {
    package typealias MakeRecord = (JSONValue, FieldAccess) throws(LoaderError) -> SourceRecord

    private let location: DataLocation
    private let file: String
    private let idKey: String?
    private let makeRecord: MakeRecord
    private var lines: JSONLinesReader?
    private var index = 0
    private lazy var expected: Int? = location.expectedBytes([file])

    package var progress: ReadProgress? { location.progress(total: expected) }

    /// - Parameter idKey: the field holding the record's id, used to name it in errors.
    package init(location: DataLocation, file: String, idKey: String?, makeRecord: @escaping MakeRecord) {
        self.location = location
        self.file = file
        self.idKey = idKey
        self.makeRecord = makeRecord
    }

    package func next() throws -> LoadedItem? {
        if lines == nil { lines = JSONLinesReader(stream: try location.open(file)) }
        guard var reader = lines, let line = try reader.next() else { return nil }
        lines = reader
        let index = self.index
        self.index += 1
        switch line.value {
        case .failure(var error):
            error.recordIndex = index
            return .bad(error)
        case .success(let value):
            let id = idKey.flatMap { value[$0]?.stringValue }
            let access = FieldAccess(name: reader.name, line: line.line, index: index, id: id)
            do throws(LoaderError) {
                return .record(try makeRecord(value, access))
            } catch {
                return .bad(error)
            }
        }
    }
}
