/// JSON text for a ``JSONValue``: the one JSON writer of the project. Keys are written in the
/// value's own order (build objects with their keys in the order wanted), so the same value
/// always gives the same bytes.
extension JSONValue {
    /// How JSON text is laid out.
    public enum Style: Sendable {
        /// No spaces, `/` not escaped, non-ASCII as UTF-8: JSON lines (`--until` dumps,
        /// rejects, recordings) and hashing.
        case compact
        /// Exactly Python's `json.dumps` with default settings: `", "` and `": "` separators,
        /// non-ASCII as lowercase `\uXXXX` escapes (surrogate pairs above U+FFFF). MDSWriter
        /// writes its config blob and `index.json` this way; matching it keeps our shards
        /// byte-identical to MDSWriter's.
        case python
        /// Two-space indentation, one key or item per line, UTF-8: files people read
        /// (`run.json`).
        case pretty
    }

    public func jsonText(style: Style = .compact) -> String {
        var out = ""
        out.reserveCapacity(256)
        write(to: &out, style: style, depth: 0)
        return out
    }

    /// The text's UTF-8 bytes.
    public func jsonBytes(style: Style = .compact) -> [UInt8] { Array(jsonText(style: style).utf8) }

    public func write(to out: inout String) { write(to: &out, style: .compact, depth: 0) }

    private func write(to out: inout String, style: Style, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if style == .python {
                out += d.isFinite ? String(d) : "NaN"
            } else if d.isFinite {
                if d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) + ".0" } else { out += String(d) }
            } else {
                out += "null"
            }
        case .string(let s):
            if style == .python { Self.writePythonString(s, to: &out) } else { Self.writeString(s, to: &out) }
        case .array(let a):
            Self.writeContainer("[", "]", a.count, to: &out, style: style, depth: depth) { i, out in
                a[i].write(to: &out, style: style, depth: depth + 1)
            }
        case .object(let o):
            Self.writeContainer("{", "}", o.count, to: &out, style: style, depth: depth) { i, out in
                if style == .python { Self.writePythonString(o[i].0, to: &out) } else { Self.writeString(o[i].0, to: &out) }
                out += style == .compact ? ":" : ": "
                o[i].1.write(to: &out, style: style, depth: depth + 1)
            }
        }
    }

    private static func writeContainer(
        _ open: String, _ close: String, _ count: Int, to out: inout String, style: Style, depth: Int,
        item: (Int, inout String) -> Void
    ) {
        out += open
        guard count > 0 else {
            out += close
            return
        }
        for i in 0..<count {
            switch style {
            case .compact: if i > 0 { out += "," }
            case .python: if i > 0 { out += ", " }
            case .pretty:
                out += i > 0 ? ",\n" : "\n"
                out += String(repeating: "  ", count: depth + 1)
            }
            item(i, &out)
        }
        if style == .pretty { out += "\n" + String(repeating: "  ", count: depth) }
        out += close
    }

    /// Writes `s` as a JSON string literal (compact style).
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        var copy = s
        let rewritten = copy.withUTF8 { text -> [UInt8]? in
            // Runs of bytes that need no escape are copied whole; only `"`, `\\` and control
            // characters (all ASCII, so never inside a multi-byte character) are rewritten.
            var start = 0
            var escaped: [UInt8] = []
            for i in 0..<text.count {
                let b = text[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                if escaped.isEmpty { escaped.reserveCapacity(text.count + 16) }
                escaped.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
                escaped.append(0x5C)
                switch b {
                case 0x22: escaped.append(0x22)
                case 0x5C: escaped.append(0x5C)
                case 0x0A: escaped.append(UInt8(ascii: "n"))
                case 0x0D: escaped.append(UInt8(ascii: "r"))
                case 0x09: escaped.append(UInt8(ascii: "t"))
                case 0x08: escaped.append(UInt8(ascii: "b"))
                case 0x0C: escaped.append(UInt8(ascii: "f"))
                default:
                    escaped.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hexByte(b >> 4), hexByte(b & 0xF)])
                }
                start = i + 1
            }
            if escaped.isEmpty { return nil }
            escaped.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<text.count]))
            return escaped
        }
        if let rewritten { out += String(decoding: rewritten, as: UTF8.self) } else { out += s }
        out += "\""
    }

    /// The lowercase hex digit of `v` (0…15).
    private static func hexByte(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    /// Writes `s` as Python's `json.dumps` does (`ensure_ascii=True`).
    private static func writePythonString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                let v = scalar.value
                if v >= 0x20 && v < 0x7F {
                    out.unicodeScalars.append(scalar)
                } else if v <= 0xFFFF {
                    appendEscape(UInt16(v), to: &out)
                } else {
                    let u = v - 0x10000
                    appendEscape(UInt16(0xD800 + (u >> 10)), to: &out)
                    appendEscape(UInt16(0xDC00 + (u & 0x3FF)), to: &out)
                }
            }
        }
        out += "\""
    }

    private static func appendEscape(_ unit: UInt16, to out: inout String) {
        out += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            out.unicodeScalars.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}

extension JSONValue {
    /// `value`'s text in ``Style/python``, as bytes.
    public static func pythonBytes(_ value: JSONValue) -> [UInt8] { value.jsonBytes(style: .python) }
}
