extension String {
    /// The string of `bytes` when they are valid UTF-8, `nil` otherwise: the same result as
    /// `String(validating:as: UTF8.self)`, with a fast path for ASCII (the usual case in the
    /// corpora), which the generic initializer does not take.
    @inlinable
    public init?(validatingUTF8Bytes bytes: UnsafeBufferPointer<UInt8>) {
        if Self.isASCII(bytes) {
            self = String(decoding: bytes, as: UTF8.self)
        } else if let s = String(validating: bytes, as: UTF8.self) {
            self = s
        } else {
            return nil
        }
    }

    /// Whether every byte is below 0x80, eight at a time.
    @inlinable
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            if base.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) >= 0x80 { return false }
            index += 1
        }
        return true
    }
}
