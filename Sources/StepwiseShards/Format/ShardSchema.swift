/// The MDS column encodings Stepwise writes and reads.
///
/// All three are *variable-size* in MDS terms (`column_sizes` is `null`): every sample
/// carries a u32 length for each of them. The `ndarray:*` encodings are not raw values:
/// each value starts with a shape header (see `mds-format.md` §4).
public enum ColumnEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8 text, no terminator.
    case str = "str"
    /// A 1-D int32 array: `[shape byte][shape][values]`.
    case int32Array = "ndarray:int32"
    /// A 1-D uint16 array: `[shape byte][shape][values]`; half the size for vocabularies ≤ 65536.
    case uint16Array = "ndarray:uint16"

    /// Bytes per array element, or `nil` for text.
    public var itemSize: Int? {
        switch self {
        case .str: return nil
        case .int32Array: return 4
        case .uint16Array: return 2
        }
    }
}

/// One column value of a sample.
public enum ColumnValue: Sendable, Hashable {
    case string(String)
    case tokens([Int32])

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var tokensValue: [Int32]? {
        if case .tokens(let t) = self { return t }
        return nil
    }
}

/// The element type of the token columns (`output.token_dtype`).
public enum TokenDType: String, Sendable, Hashable, CaseIterable {
    case int32
    case uint16

    public var encoding: ColumnEncoding { self == .int32 ? .int32Array : .uint16Array }
}

/// The columns of a shard, in the byte order of a sample.
///
/// MDSWriter sorts column names by Unicode code point; so does this type, so that our
/// shards and index entries equal MDSWriter's for the same columns.
public struct ShardSchema: Sendable, Hashable {
    public let names: [String]
    public let encodings: [ColumnEncoding]

    /// Columns given by name; the order is derived (sorted), never taken from the caller.
    public init(columns: [String: ColumnEncoding]) {
        let sorted = columns.sorted { a, b in
            a.key.unicodeScalars.map(\.value).lexicographicallyPrecedes(b.key.unicodeScalars.map(\.value))
        }
        self.names = sorted.map(\.key)
        self.encodings = sorted.map(\.value)
    }

    /// Columns in the given byte order (as an existing index lists them).
    init(orderedNames: [String], encodings: [ColumnEncoding]) {
        self.names = orderedNames
        self.encodings = encodings
    }

    /// The schema an index entry describes; `path` names the index in errors.
    init(entry: ShardIndexEntry, path: String) throws {
        var encodings: [ColumnEncoding] = []
        for (name, raw) in zip(entry.columnNames, entry.columnEncodings) {
            guard let e = ColumnEncoding(rawValue: raw) else {
                throw ShardError.badIndex(
                    path: path, problem: "column '\(name)' has encoding '\(raw)'; Stepwise reads str, ndarray:int32 and ndarray:uint16")
            }
            encodings.append(e)
        }
        for (name, size) in zip(entry.columnNames, entry.columnSizes) where size != nil {
            throw ShardError.badIndex(path: path, problem: "column '\(name)' has a fixed size \(size ?? 0) but its encoding is variable-size")
        }
        self.init(orderedNames: entry.columnNames, encodings: encodings)
    }

    /// The token columns of every Stepwise split.
    public static let tokenColumnNames = ["input_ids", "expl_input_ids", "labels", "teacher_labels", "aux_labels"]
    /// The optional text columns (`output.text_columns: true`).
    public static let textColumnNames = ["input", "label", "teacher_label", "rationale"]

    /// The column of per-example facts as JSON text (the sample index and the record's
    /// vote, with `teacher.samples` > 1).
    public static let metadataColumnName = "metadata"

    /// The schema of a Stepwise split: `id`, the five token columns, and optionally the
    /// text columns and `metadata`.
    public static func stepwise(tokenDType: TokenDType = .int32, textColumns: Bool = false, metadata: Bool = false) -> ShardSchema {
        var columns: [String: ColumnEncoding] = ["id": .str]
        for name in tokenColumnNames { columns[name] = tokenDType.encoding }
        if textColumns { for name in textColumnNames { columns[name] = .str } }
        if metadata { columns[metadataColumnName] = .str }
        return ShardSchema(columns: columns)
    }

    public var count: Int { names.count }

    /// The position of column `name`.
    public func position(of name: String) -> Int? { names.firstIndex(of: name) }

    /// `column_sizes` of the index: `null` for every column (all are variable-size).
    public var sizes: [Int?] { Array(repeating: nil, count: names.count) }

    /// Names of the columns holding token arrays.
    public var tokenColumns: [String] {
        zip(names, encodings).filter { $0.1 != .str }.map(\.0)
    }
}
