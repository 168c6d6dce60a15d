/// PLAIN encoding (`Encodings.md`): fixed-width values little-endian, BYTE_ARRAY as a
/// 4-byte little-endian length and the bytes, BOOLEAN bit-packed (``BooleanPacker``).
extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendPlain(_ value: Double) {
        appendLittleEndian(value.bitPattern)
    }

    /// A BYTE_ARRAY value: length, then the UTF-8 bytes.
    mutating func appendPlain(utf8: UnsafeBufferPointer<UInt8>) {
        appendLittleEndian(UInt32(utf8.count))
        append(contentsOf: utf8)
    }

    /// Int32 values back to back, as a list column's leaf stores them.
    mutating func appendPlain(_ values: UnsafeBufferPointer<Int32>) {
        #if _endian(little)
        append(contentsOf: UnsafeRawBufferPointer(values))
        #else
        for v in values { appendLittleEndian(v) }
        #endif
    }
}

/// PLAIN booleans: one bit each, the first value in the lowest bit of the first byte; the
/// last byte of a page is padded with zeros.
struct BooleanPacker: Sendable {
    private var pending: UInt8 = 0
    private var pendingBits = 0

    mutating func append(_ value: Bool, to bytes: inout [UInt8]) {
        if value { pending |= 1 << UInt8(pendingBits) }
        pendingBits += 1
        if pendingBits == 8 {
            bytes.append(pending)
            pending = 0
            pendingBits = 0
        }
    }

    /// Bits not yet in `bytes` (0...7).
    var pendingByteCount: Int { pendingBits > 0 ? 1 : 0 }

    mutating func flush(to bytes: inout [UInt8]) {
        if pendingBits > 0 { bytes.append(pending) }
        pending = 0
        pendingBits = 0
    }
}
