import GRDB
import GRDBSQLite

/// Executes a prepared `INSERT` of (text, text, integer, text) through SQLite's C API:
/// binding directly avoids building GRDB argument arrays for each of hundreds of
/// thousands of rows during an import.
struct RowInserter {
    let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    func insert(_ a: String, _ b: String, _ c: Int, _ d: String) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        bind(s, 1, a)
        bind(s, 2, b)
        sqlite3_bind_int64(s, 3, Int64(c))
        bind(s, 4, d)
        let rc = sqlite3_step(s)
        guard rc == SQLITE_DONE else {
            // Keep GRDB's view of the statement consistent before reporting.
            sqlite3_reset(s)
            throw TeacherError.recordings(path: "-", message: "insert failed: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))")
        }
    }

    /// Binds `text` (copied by SQLite); an empty string binds as `''`, not NULL.
    private func bind(_ s: OpaquePointer?, _ index: Int32, _ text: String) {
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
