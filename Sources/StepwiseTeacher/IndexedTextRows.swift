import GRDB
import GRDBSQLite

/// Steps a prepared statement whose rows are `(integer, text)` through SQLite's C API:
/// a replay batch reads hundreds of completions, and decoding each through GRDB's `Row`
/// costs more than the query itself.
enum IndexedTextRows {
    /// Binds `arguments`, runs `statement` and calls `body` with each row's integer and text.
    static func forEach(
        _ statement: Statement, arguments: StatementArguments, _ body: (Int, String) throws -> Void
    ) throws {
        try statement.setArguments(arguments)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            let rc = sqlite3_step(s)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else {
                throw TeacherError.recordings(
                    path: "-", message: "read failed: \(String(cString: sqlite3_errmsg(sqlite3_db_handle(s))))")
            }
            let index = Int(sqlite3_column_int64(s, 0))
            let count = Int(sqlite3_column_bytes(s, 1))
            let text: String
            if count > 0, let bytes = sqlite3_column_text(s, 1) {
                text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
            } else {
                text = ""
            }
            try body(index, text)
        }
    }
}
