/// A minimal reader for the protobuf wire format: just enough to walk a SentencePiece
/// `ModelProto` without a protobuf dependency. Every read is bounds-checked; a malformed
/// buffer yields `ProtobufReader.Failure` with the byte offset.
struct ProtobufReader {
    struct Failure: Error {
        let offset: Int
        let message: String
    }

    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        self.position = range?.lowerBound ?? 0
        self.end = range?.upperBound ?? bytes.count
    }

    var isAtEnd: Bool { position >= end }

    mutating func readVarint() throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = position
        while true {
            guard position < end else { throw Failure(offset: start, message: "varint runs past the end") }
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw Failure(offset: start, message: "varint longer than 10 bytes") }
        }
    }

    /// The next field number and wire type.
    mutating func readTag() throws(Failure) -> (field: Int, wireType: WireType) {
        let start = position
        let tag = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(tag & 7)), tag >> 3 > 0, tag >> 3 < (1 << 29) else {
            throw Failure(offset: start, message: "invalid field tag \(tag)")
        }
        return (Int(tag >> 3), wireType)
    }

    /// The byte range of a length-delimited field's payload; the reader moves past it.
    mutating func readLengthDelimited() throws(Failure) -> Range<Int> {
        let start = position
        let length = try readVarint()
        guard length <= UInt64(end - position) else {
            throw Failure(offset: start, message: "length-delimited field of \(length) bytes runs past the end")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    mutating func readFixed32() throws(Failure) -> UInt32 {
        guard end - position >= 4 else { throw Failure(offset: position, message: "fixed32 runs past the end") }
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[position + index]) << (8 * UInt32(index)) }
        position += 4
        return value
    }

    mutating func skip(_ wireType: WireType) throws(Failure) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64:
            guard end - position >= 8 else { throw Failure(offset: position, message: "fixed64 runs past the end") }
            position += 8
        case .lengthDelimited: _ = try readLengthDelimited()
        case .fixed32: _ = try readFixed32()
        case .startGroup, .endGroup:
            throw Failure(offset: position, message: "protobuf groups are not used by SentencePiece models")
        }
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    func slice(_ range: Range<Int>) -> [UInt8] { Array(bytes[range]) }
}
