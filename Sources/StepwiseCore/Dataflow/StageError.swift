/// An error raised while a stage processed a record; names both.
public struct StageError: Error, CustomStringConvertible, Sendable {
    public var stage: String
    public var recordID: String?
    public var underlying: any Error

    public init(stage: String, recordID: String?, underlying: any Error) {
        self.stage = stage
        self.recordID = recordID
        self.underlying = underlying
    }

    public var description: String {
        let what = String(describing: underlying)
        if let recordID { return "stage '\(stage)', record '\(recordID)': \(what)" }
        return "stage '\(stage)': \(what)"
    }
}

/// An error about one record, thrown by a stage so the runner can name it.
public struct RecordError: Error, CustomStringConvertible, Sendable {
    public var recordID: String
    public var message: String

    public init(recordID: String, message: String) {
        self.recordID = recordID
        self.message = message
    }

    public var description: String { message }
}
