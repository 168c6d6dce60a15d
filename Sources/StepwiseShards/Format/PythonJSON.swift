import StepwiseCore

/// JSON text exactly as Python's `json.dumps` writes it with default settings:
/// `", "` and `": "` separators, non-ASCII as lowercase `\uXXXX` escapes (surrogate pairs
/// above U+FFFF), integers as integers.
///
/// MDSWriter embeds its config this way in every shard and writes `index.json` this way;
/// matching it keeps our shards byte-identical to MDSWriter's. Keys are written in the
/// value's own order: build objects with keys already sorted where Python sorts them.
enum PythonJSON {
    static func text(_ value: JSONValue) -> String {
        var out = ""
        out.reserveCapacity(512)
        write(value, to: &out)
        return out
    }

    static func bytes(_ value: JSONValue) -> [UInt8] { Array(text(value).utf8) }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(d) : "NaN"
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out += ", " }
                writeString(key, to: &out)
                out += ": "
                write(item, to: &out)
            }
            out += "}"
        }
    }

    private static let hexDigits = Array("0123456789abcdef".unicodeScalars)

    private static func writeString(_ s: String, to out: inout String) {
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
