/// A generic Thrift compact protocol decoder for the tests: independent of the writer's
/// types, it turns bytes into a tree keyed by field id, so tests read what is on disk.
enum ThriftValue: Equatable, CustomStringConvertible {
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case binary([UInt8])
    case list([ThriftValue])
    case structure([Int16: ThriftValue])

    subscript(_ id: Int16) -> ThriftValue? {
        if case .structure(let fields) = self { return fields[id] }
        return nil
    }

    var int: Int64? { if case .int(let v) = self { return v } else { return nil } }
    var bool: Bool? { if case .bool(let v) = self { return v } else { return nil } }
    var binary: [UInt8]? { if case .binary(let v) = self { return v } else { return nil } }
    var string: String? { binary.map { String(decoding: $0, as: UTF8.self) } }
    var list: [ThriftValue]? { if case .list(let v) = self { return v } else { return nil } }
    var fields: [Int16: ThriftValue]? { if case .structure(let v) = self { return v } else { return nil } }

    var description: String {
        switch self {
        case .bool(let v): return "\(v)"
        case .int(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .binary(let v): return "b\(v.count)\"\(String(decoding: v.prefix(40), as: UTF8.self))\""
        case .list(let v): return "[\(v.map(\.description).joined(separator: ", "))]"
        case .structure(let f):
            return "{\(f.keys.sorted().map { "\($0): \(f[$0]!)" }.joined(separator: ", "))}"
        }
    }
}

struct ThriftDecodeError: Error, CustomStringConvertible {
    let description: String
}

struct ThriftCompactReader {
    let bytes: [UInt8]
    private(set) var position: Int

    init(_ bytes: [UInt8], at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    mutating func readStruct() throws -> ThriftValue {
        var fields: [Int16: ThriftValue] = [:]
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return .structure(fields) }
            let type = header & 0x0F
            let delta = header >> 4
            let id: Int16 = delta != 0 ? lastID + Int16(delta) : Int16(truncatingIfNeeded: try zigzag())
            if fields[id] != nil { throw ThriftDecodeError(description: "field \(id) twice") }
            fields[id] = try value(ofType: type, inList: false)
            lastID = id
        }
    }

    private mutating func value(ofType type: UInt8, inList: Bool) throws -> ThriftValue {
        switch type {
        case 1: return inList ? .bool(try byte() == 1) : .bool(true)
        case 2: return inList ? .bool(try byte() == 1) : .bool(false)
        case 3: return .int(Int64(Int8(bitPattern: try byte())))
        case 4, 5, 6: return .int(try zigzag())
        case 7:
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(try byte()) << (8 * UInt64(k)) }
            return .double(Double(bitPattern: bits))
        case 8:
            let n = Int(try varint())
            guard position + n <= bytes.count else { throw ThriftDecodeError(description: "binary past the end") }
            defer { position += n }
            return .binary(Array(bytes[position..<(position + n)]))
        case 9, 10:
            let header = try byte()
            var count = Int(header >> 4)
            if count == 15 { count = Int(try varint()) }
            let elementType = header & 0x0F
            var items: [ThriftValue] = []
            for _ in 0..<count { items.append(try value(ofType: elementType, inList: true)) }
            return .list(items)
        case 12: return try readStruct()
        default: throw ThriftDecodeError(description: "unsupported compact type \(type) at \(position)")
        }
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw ThriftDecodeError(description: "unexpected end at \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ThriftDecodeError(description: "varint too long") }
        }
    }

    private mutating func zigzag() throws -> Int64 {
        let v = try varint()
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}
