import GRDB
import GRDBSQLite

/// Inserts the rows of one (dataset, split) into `by_position`, `rowsPerStatement` rows per
/// `INSERT` through SQLite's C API.
///
/// Rows come in key order. One statement inserting many rows keeps its B-tree cursor on
/// the last leaf, so each row is placed after one key comparison; a statement per row
/// starts every insert from the root (the import then spent most of its time comparing
/// keys). Binding directly avoids building GRDB argument arrays for each of hundreds of
/// thousands of rows. The dataset and split are one pair of parameters shared by every row.
final class PositionInserter {
    static let rowsPerStatement = 128

    private let db: Database
    private let dataset: String
    private let split: String
    private var batch: Statement?
    private var pendingIndices: [Int] = []
    private var pendingTexts: [String] = []

    init(db: Database, dataset: String, split: String) {
        self.db = db
        self.dataset = dataset
        self.split = split
        pendingIndices.reserveCapacity(Self.rowsPerStatement)
        pendingTexts.reserveCapacity(Self.rowsPerStatement)
    }

    /// Queues the completion at `index`; rows reach the database in full statements and at ``flush()``.
    func insert(_ index: Int, _ completion: String) throws {
        pendingIndices.append(index)
        pendingTexts.append(completion)
        if pendingIndices.count == Self.rowsPerStatement { try flush() }
    }

    /// Inserts every queued row.
    func flush() throws {
        guard !pendingIndices.isEmpty else { return }
        let statement: Statement
        if pendingIndices.count == Self.rowsPerStatement, let batch {
            statement = batch
        } else {
            statement = try db.makeStatement(sql: Self.sql(rows: pendingIndices.count))
            if pendingIndices.count == Self.rowsPerStatement { batch = statement }
        }
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        Self.bind(s, 1, dataset)
        Self.bind(s, 2, split)
        for (row, (index, text)) in zip(pendingIndices, pendingTexts).enumerated() {
            sqlite3_bind_int64(s, Int32(3 + 2 * row), Int64(index))
            Self.bind(s, Int32(4 + 2 * row), text)
        }
        let rc = sqlite3_step(s)
        sqlite3_reset(s)
        pendingIndices.removeAll(keepingCapacity: true)
        pendingTexts.removeAll(keepingCapacity: true)
        guard rc == SQLITE_DONE else {
            throw TeacherError.recordings(path: "-", message: "insert failed: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))")
        }
    }

    /// `INSERT OR REPLACE … VALUES (?1, ?2, ?3, ?4), (?1, ?2, ?5, ?6), …` for `rows` rows.
    static func sql(rows: Int) -> String {
        let values = (0..<rows).map { "(?1, ?2, ?\(3 + 2 * $0), ?\(4 + 2 * $0))" }.joined(separator: ", ")
        return "INSERT OR REPLACE INTO by_position (dataset, split, idx, completion) VALUES " + values
    }

    /// Binds `text` (copied by SQLite); an empty string binds as `''`, not NULL.
    private static func bind(_ s: OpaquePointer?, _ index: Int32, _ text: String) {
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        var text = text
        text.withUTF8 { p in
            if let base = p.baseAddress, p.count > 0 {
                _ = sqlite3_bind_text(s, index, base, Int32(p.count), transient)
            } else {
                _ = sqlite3_bind_text(s, index, "", 0, transient)
            }
        }
    }
}
