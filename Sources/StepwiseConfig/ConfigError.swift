/// One problem found in a pipeline file.
///
/// Key problems read `FILE: KEY.PATH: what was expected, got what was there`, e.g.
/// `Pipelines/x.yaml: teacher.concurrency: expected a positive integer, got "four"`;
/// YAML syntax problems, which have no key path, read `FILE:LINE:COLUMN: message`.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    /// The pipeline file as the user named it (or the label given to an in-memory text).
    public var file: String
    /// The dotted key path (`teacher.concurrency`, `dataset.augment[1].source`); `nil` for
    /// problems that are not about one key (syntax errors, unreadable file).
    public var keyPath: String?
    /// 1-based line of the offending node, where known.
    public var line: Int?
    /// 1-based column of the offending node, where known.
    public var column: Int?
    /// What is wrong, without file or key path.
    public var message: String

    /// An issue about `keyPath` (or about the file as a whole when `nil`).
    public init(file: String, keyPath: String?, line: Int?, column: Int?, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = message
    }

    /// The message without the file name: `teacher.concurrency: expected …`, or
    /// `line 3, column 7: …` for a problem without a key path.
    public var detail: String {
        if let keyPath { return "\(keyPath): \(message)" }
        if let line, let column { return "line \(line), column \(column): \(message)" }
        return message
    }

    public var description: String {
        if let keyPath { return "\(file): \(keyPath): \(message)" }
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(message)"
    }
}

/// Every problem found in one pipeline file, in file order.
///
/// Loading never stops at the first problem: a file with three mistakes reports three
/// issues, so one edit-and-rerun cycle fixes them all. The description is one issue per
/// line, ready to print on a terminal.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The pipeline file as the user named it.
    public var file: String
    /// The problems, ordered by their position in the file (a missing key sorts at the
    /// position of the section that lacks it). Never empty.
    public var issues: [ConfigIssue]

    /// The error for `file`; `issues` should be in file order and not empty.
    public init(file: String, issues: [ConfigIssue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
