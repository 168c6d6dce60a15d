import StepwiseCore

/// One CSV record: the bytes of its fields, unquoted, and where it was.
struct CSVRecord {
    /// All field bytes back to back; field `i` is `bytes[fieldStarts[i]..<fieldEnds[i]]`.
    fileprivate(set) var bytes: [UInt8] = []
    fileprivate(set) var fieldEnds: [Int] = []
    /// 1-based line where the record starts (records may span lines inside quotes).
    fileprivate(set) var line = 0

    var count: Int { fieldEnds.count }

    /// The field at `i` as text; nil when it is not valid UTF-8.
    func string(at i: Int) -> String? {
        let from = i == 0 ? 0 : fieldEnds[i - 1]
        return bytes.withUnsafeBufferPointer { String(validatingUTF8Bytes: UnsafeBufferPointer(rebasing: $0[from..<fieldEnds[i]])) }
    }
}

/// A streaming reader for RFC 4180 CSV: fields separated by commas, records by CRLF or LF;
/// a field in double quotes may hold commas, line breaks and doubled quotes (`""`).
///
/// Strict about quoting — a quote inside an unquoted field, text after a closing quote or
/// an unterminated quoted field is reported — and then resynchronises at the next line, so
/// a caller may skip the bad record. Blank lines are skipped. Memory is one chunk plus the
/// current record.
final class CSVReader {
    let stream: any ByteStream
    private var buffer: [UInt8]
    private var pos = 0
    private var end = 0
    private var atEOF = false
    /// 1-based line of the next byte.
    private(set) var line = 1
    let maxRecordBytes: Int
    private var record = CSVRecord()

    init(stream: any ByteStream, chunkSize: Int = 1 << 20, maxRecordBytes: Int = 64 << 20) {
        self.stream = stream
        self.buffer = [UInt8](repeating: 0, count: max(16, chunkSize))
        self.maxRecordBytes = maxRecordBytes
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    /// The next record, a quoting problem (after which reading may go on), or nil at the end.
    func next() throws -> Result<CSVRecord, LoaderError>? {
        while true {
            record.bytes.removeAll(keepingCapacity: true)
            record.fieldEnds.removeAll(keepingCapacity: true)
            record.line = line
            var state = State.fieldStart
            var quoteLine = line
            var consumed = false
            while true {
                // Copy runs of ordinary bytes in bulk; the state machine sees only the bytes
                // that matter (quotes, commas, line ends).
                if state == .quoted || state == .unquoted { appendRun(quoted: state == .quoted) }
                guard let b = try nextByte() else {
                    if state == .quoted {
                        return .failure(
                            stream.name.error(
                                .csvQuoting, line: record.line,
                                "unterminated quoted field (the quote opened on line \(quoteLine) is never closed)"))
                    }
                    if !consumed { return nil }
                    record.fieldEnds.append(record.bytes.count)
                    return .success(record)
                }
                consumed = true
                switch state {
                case .fieldStart, .unquoted:
                    switch b {
                    case 0x22 where state == .fieldStart:
                        state = .quoted
                        quoteLine = line
                    case 0x22:
                        let problemLine = line
                        try skipRestOfLine()
                        return .failure(
                            stream.name.error(
                                .csvQuoting, line: problemLine,
                                "a double quote inside an unquoted field (field \(record.fieldEnds.count + 1)); quote the field and double the quote"
                            ))
                    case 0x2C:
                        record.fieldEnds.append(record.bytes.count)
                        state = .fieldStart
                    case 0x0A, 0x0D:
                        if b == 0x0A { line += 1 } else { try swallowLF() }
                        if record.fieldEnds.isEmpty && record.bytes.isEmpty && state == .fieldStart {
                            // A blank line: not a record.
                            record.line = line
                            consumed = false
                            continue
                        }
                        record.fieldEnds.append(record.bytes.count)
                        return .success(record)
                    default:
                        record.bytes.append(b)
                        state = .unquoted
                    }
                case .quoted:
                    if b == 0x22 {
                        state = .quoteInQuoted
                    } else {
                        if b == 0x0A { line += 1 }
                        record.bytes.append(b)
                    }
                case .quoteInQuoted:
                    switch b {
                    case 0x22:
                        record.bytes.append(b)
                        state = .quoted
                    case 0x2C:
                        record.fieldEnds.append(record.bytes.count)
                        state = .fieldStart
                    case 0x0A, 0x0D:
                        if b == 0x0A { line += 1 } else { try swallowLF() }
                        record.fieldEnds.append(record.bytes.count)
                        return .success(record)
                    default:
                        let problemLine = line
                        try skipRestOfLine()
                        return .failure(
                            stream.name.error(
                                .csvQuoting, line: problemLine,
                                "unexpected character after the closing quote of field \(record.fieldEnds.count + 1)"))
                    }
                }
                if record.bytes.count > maxRecordBytes {
                    throw stream.name.error(
                        .csvQuoting, line: record.line,
                        "record longer than \(maxRecordBytes) bytes (an unbalanced quote?)")
                }
            }
        }
    }

    /// Appends the bytes from `pos` up to the next special byte of the current chunk.
    private func appendRun(quoted: Bool) {
        var i = pos
        let stop = end
        var newlines = 0
        buffer.withUnsafeBufferPointer { buf in
            if quoted {
                while i < stop {
                    let b = buf[i]
                    if b == 0x22 { break }
                    if b == 0x0A { newlines += 1 }
                    i += 1
                }
            } else {
                while i < stop {
                    let b = buf[i]
                    if b == 0x2C || b == 0x0A || b == 0x0D || b == 0x22 { break }
                    i += 1
                }
            }
            if i > pos { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[pos..<i])) }
        }
        line += newlines
        pos = i
    }

    @inline(__always)
    private func nextByte() throws -> UInt8? {
        if pos == end {
            guard try fill() else { return nil }
        }
        let b = buffer[pos]
        pos += 1
        return b
    }

    private func fill() throws -> Bool {
        if atEOF { return false }
        let n = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        pos = 0
        end = n
        if n == 0 { atEOF = true }
        return n > 0
    }

    /// After a `\r` that ended a record, a following `\n` belongs to the same terminator.
    private func swallowLF() throws {
        if pos == end { guard try fill() else { return } }
        line += 1
        if buffer[pos] == 0x0A { pos += 1 }
    }

    private func skipRestOfLine() throws {
        while let b = try nextByte() {
            if b == 0x0A {
                line += 1
                return
            }
        }
    }
}
