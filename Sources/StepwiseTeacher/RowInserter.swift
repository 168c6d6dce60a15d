import GRDB
import GRDBSQLite

/// Executes a prepared `INSERT` of (text, text, integer, text) through SQLite's C API:
/// binding directly avoids building GRDB argument arrays for each of hundreds of
/// thousands of rows during an import. The two leading texts stay bound between rows
/// (SQLite keeps bindings across resets) and are re-bound only when they change.
final class RowInserter {
    let statement: Statement
    private var first: String?
    private var second: String?

    init(_ statement: Statement) { self.statement = statement }

    func insert(_ a: String, _ b: String, _ c: Int, _ d: String) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        if a != first {
            bindCopy(s, 1, a)
            first = a
        }
        if b != second {
            bindCopy(s, 2, b)
            second = b
        }
        sqlite3_bind_int64(s, 3, Int64(c))
        var d = d
        // The text is only read during the step, so SQLite need not copy it.
        let rc = d.withUTF8 { p -> Int32 in
            let base = p.count > 0 ? p.baseAddress : nil
            if let base {
                _ = sqlite3_bind_text(s, 4, base, Int32(p.count), nil)
            } else {
                _ = sqlite3_bind_text(s, 4, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
            let rc = sqlite3_step(s)
            sqlite3_reset(s)
            sqlite3_bind_null(s, 4)
            return rc
        }
        guard rc == SQLITE_DONE else {
            throw TeacherError.recordings(path: "-", message: "insert failed: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))")
        }
    }

    /// Binds `text` (copied by SQLite); an empty string binds as `''`, not NULL.
    private func bindCopy(_ s: OpaquePointer?, _ index: Int32, _ text: String) {
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
