/// SentencePiece's `precompiled_charsmap`: a Darts double-array trie over UTF-8 keys whose
/// values index a pool of NUL-terminated replacement strings. Layout: a little-endian `UInt32`
/// byte size of the trie, the trie units, then the pool.
///
/// `normalize` reproduces HF `tokenizers`' `Precompiled` normalizer exactly, including its
/// quirks: the text is walked by extended grapheme cluster; a cluster shorter than 6 bytes
/// is looked up whole and, when any key is a prefix of it, the whole cluster is replaced
/// by the value of the *shortest* such key; otherwise each scalar is looked up alone.
struct PrecompiledCharsMap: Sendable {
    private let units: [UInt32]
    private let pool: [UInt8]
    /// Replacement for each ASCII byte when it is a cluster by itself (`nil`: unchanged).
    private let asciiReplacement: [[UInt8]?]
    /// `true` for ASCII bytes the map leaves alone: lets the hot loop copy runs of them at once.
    private let asciiUnchanged: [Bool]
    /// The map leaves every printable ASCII byte (0x20-0x7E) alone: `leavesUnchanged` may
    /// pass eight of them at a time.
    private let printableASCIIUnchanged: Bool
    /// One bit per scalar up to U+FFFF: set when a key is a prefix of its UTF-8 bytes or
    /// continues past them. A window starting with a scalar whose bit is clear holds no key.
    private let mayStartKey: [UInt64]

    struct Failure: Error { let message: String }

    init(_ blob: [UInt8]) throws(Failure) {
        guard blob.count >= 4 else { throw Failure(message: "precompiled_charsmap shorter than its 4-byte header") }
        let trieSize = Int(blob[0]) | Int(blob[1]) << 8 | Int(blob[2]) << 16 | Int(blob[3]) << 24
        guard trieSize % 4 == 0, trieSize >= 4, trieSize <= blob.count - 4 else {
            throw Failure(message: "precompiled_charsmap declares a trie of \(trieSize) bytes in a blob of \(blob.count)")
        }
        var units = [UInt32](repeating: 0, count: trieSize / 4)
        for index in units.indices {
            let at = 4 + index * 4
            units[index] = UInt32(blob[at]) | UInt32(blob[at + 1]) << 8 | UInt32(blob[at + 2]) << 16 | UInt32(blob[at + 3]) << 24
        }
        self.units = units
        let pool = Array(blob[(4 + trieSize)...])
        // Replacements are spliced into text that later stages walk as UTF-8 (HF refuses such maps too).
        guard Array(String(decoding: pool, as: UTF8.self).utf8) == pool else {
            throw Failure(message: "precompiled_charsmap replacement strings are not valid UTF-8")
        }
        self.pool = pool
        var ascii = [[UInt8]?](repeating: nil, count: 128)
        for byte in 0..<128 {
            ascii[byte] = Self.lookup(units: units, pool: pool, key: [UInt8(byte)])
        }
        self.asciiReplacement = ascii
        self.asciiUnchanged = ascii.map { $0 == nil }
        self.printableASCIIUnchanged = (0x20...0x7E).allSatisfy { ascii[$0] == nil }
        var mayStartKey = [UInt64](repeating: 0, count: 0x10000 / 64)
        for value in 0..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if Self.walk(units: units, bytes: Array(String(scalar).utf8)) != .noKey {
                mayStartKey[value >> 6] |= 1 << UInt64(value & 63)
            }
        }
        self.mayStartKey = mayStartKey
    }

    /// The replacement of the shortest key that is a prefix of `key`, if any.
    private static func lookup<C: Collection<UInt8>>(units: [UInt32], pool: [UInt8], key: C) -> [UInt8]? {
        replacementRange(units: units, pool: pool, key: key).map { Array(pool[$0]) }
    }

    /// Where in `pool` the replacement of the shortest key that is a prefix of `key` is, if any.
    private static func replacementRange<C: Collection<UInt8>>(units: [UInt32], pool: [UInt8], key: C) -> Range<Int>? {
        guard let value = firstPrefixValue(units: units, key: key), value < pool.count else { return nil }
        var end = value
        while end < pool.count, pool[end] != 0 { end += 1 }
        return value..<end
    }

    private enum Walk { case key, continues, noKey }

    /// Whether a key is a prefix of `bytes`, or else some key continues past them.
    private static func walk(units: [UInt32], bytes: [UInt8]) -> Walk {
        guard let first = units.first else { return .noKey }
        var node = offset(first)
        for byte in bytes {
            if byte == 0 { return .noKey }
            node ^= Int(byte)
            guard node >= 0, node < units.count else { return .noKey }
            let unit = units[node]
            guard unit & ((1 << 31) | 0xFF) == UInt32(byte) else { return .noKey }
            node ^= offset(unit)
            if (unit >> 8) & 1 == 1 { return .key }
        }
        return .continues
    }

    @inline(__always)
    private static func offset(_ unit: UInt32) -> Int {
        Int((unit >> 10) << ((unit & (1 << 9)) >> 6))
    }

    private static func firstPrefixValue<C: Collection<UInt8>>(units: [UInt32], key: C) -> Int? {
        guard let first = units.first else { return nil }
        var node = offset(first)
        for byte in key {
            if byte == 0 { return nil }
            node ^= Int(byte)
            guard node >= 0, node < units.count else { return nil }
            let unit = units[node]
            guard unit & ((1 << 31) | 0xFF) == UInt32(byte) else { return nil }
            node ^= offset(unit)
            if (unit >> 8) & 1 == 1 {
                guard node >= 0, node < units.count else { return nil }
                return Int(units[node] & ((1 << 31) - 1))
            }
        }
        return nil
    }

    /// Whether `normalize` copies `input` as it is; may say `false` for some inputs it copies.
    ///
    /// True when no grapheme cluster or scalar of `input` can start with a key of the map,
    /// found without splitting the text into clusters: every key prefix of a cluster (at most
    /// 5 bytes when looked up) or of a scalar is a key prefix of the up to 5 bytes from where
    /// it starts, so it is enough that none of those windows starts with a key. An ASCII byte
    /// followed by another is a cluster of its own (CR LF aside), so a table answers for it.
    func leavesUnchanged(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = input.count
        return asciiUnchanged.withUnsafeBufferPointer { unchanged in
            units.withUnsafeBufferPointer { units in
                var index = 0
                if printableASCIIUnchanged, let base = UnsafeRawPointer(input.baseAddress) {
                    index = Self.printableASCIIPrefix(base, count: count)
                    // The byte before the first other one may start a cluster with it: look again.
                    if index > 0 { index -= 1 }
                }
                while index < count {
                    let byte = input[index]
                    if byte < 0x80 {
                        guard byte != 0x0D, unchanged[Int(byte)] else { return false }
                        if index + 1 < count && input[index + 1] >= 0x80
                            && Self.startsWithKey(units, UnsafeBufferPointer(rebasing: input[index..<min(count, index + 5)]))
                        {
                            return false
                        }
                        index += 1
                    } else {
                        let length = UTF8Length.ofLeadByte(byte)
                        if length <= 3 && index + length <= count {
                            let value =
                                length == 2
                                ? Int(byte & 0x1F) << 6 | Int(input[index + 1] & 0x3F)
                                : Int(byte & 0x0F) << 12 | Int(input[index + 1] & 0x3F) << 6 | Int(input[index + 2] & 0x3F)
                            if mayStartKey[value >> 6] & (1 << UInt64(value & 63)) == 0 {
                                index += length
                                continue
                            }
                        }
                        if Self.startsWithKey(units, UnsafeBufferPointer(rebasing: input[index..<min(count, index + 5)])) {
                            return false
                        }
                        index += length
                    }
                }
                return true
            }
        }
    }

    /// How many of the first bytes are printable ASCII, counted eight at a time (stops at
    /// the start of the first block of eight holding another byte).
    @inline(__always)
    static func printableASCIIPrefix(_ base: UnsafeRawPointer, count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var index = 0
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // High bits mark bytes from 0x80 up, below 0x20, or equal to 0x7F (a borrow only
            // ever adds marks after a byte that is marked anyway).
            let delete = word ^ (ones &* 0x7F)
            if (word | (word &- ones &* 0x20) | ((delete &- ones) & ~delete)) & highs != 0 { break }
            index += 8
        }
        return index
    }

    /// Whether some key of the map is a prefix of `bytes` (the walk of `firstPrefixValue`).
    @inline(__always)
    private static func startsWithKey(_ units: UnsafeBufferPointer<UInt32>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = units.first else { return false }
        var node = offset(first)
        for byte in bytes {
            if byte == 0 { return false }
            node ^= Int(byte)
            guard node >= 0, node < units.count else { return false }
            let unit = units[node]
            guard unit & ((1 << 31) | 0xFF) == UInt32(byte) else { return false }
            node ^= offset(unit)
            if (unit >> 8) & 1 == 1 { return true }
        }
        return false
    }

    /// Appends the normalization of `input` to `output`.
    func normalize(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let count = input.count
        asciiUnchanged.withUnsafeBufferPointer { unchanged in
            var index = 0
            while index < count {
                // Fast path: a run of ASCII bytes the map leaves alone, each its own cluster
                // (an ASCII byte followed by another ASCII byte is a cluster by itself, except
                // CR LF). The byte before a non-ASCII one may start a cluster: leave it to the
                // slow path.
                var runEnd = index
                while runEnd + 1 < count {
                    let byte = input[runEnd], next = input[runEnd + 1]
                    guard byte < 0x80, next < 0x80, unchanged[Int(byte)], byte != 0x0D else { break }
                    runEnd += 1
                }
                if runEnd + 1 == count, input[runEnd] < 0x80, unchanged[Int(input[runEnd])] { runEnd = count }
                if runEnd > index {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<runEnd]))
                    index = runEnd
                    continue
                }
                let byte = input[index]
                if byte < 0x80 {
                    let next: UInt8 = index + 1 < count ? input[index + 1] : 0
                    if next < 0x80 && !(byte == 0x0D && next == 0x0A) {
                        if let replacement = asciiReplacement[Int(byte)] {
                            output.append(contentsOf: replacement)
                        } else {
                            output.append(byte)
                        }
                        index += 1
                        continue
                    }
                }
                // A span between certain cluster boundaries: it ends where two ASCII bytes
                // (not CR LF) meet, since no segmentation rule joins two such characters.
                var end = index + 1
                while end < count {
                    let previous = input[end - 1], current = input[end]
                    if previous < 0x80 && current < 0x80 && !(previous == 0x0D && current == 0x0A) { break }
                    end += 1
                }
                let span = UnsafeBufferPointer(rebasing: input[index..<end])
                if leavesUnchanged(span) {
                    output.append(contentsOf: span)
                } else {
                    normalizeClusters(span, into: &output)
                }
                index = end
            }
        }
    }

    private func normalizeClusters(_ span: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        let text = String(decoding: span, as: UTF8.self)
        var offset = 0
        for cluster in text {
            let length = cluster.utf8.count
            let bytes = UnsafeBufferPointer(rebasing: span[offset..<(offset + length)])
            offset += length
            if length < 6, let replacement = Self.replacementRange(units: units, pool: pool, key: bytes) {
                output.append(contentsOf: pool[replacement])
                continue
            }
            var scalarStart = 0
            while scalarStart < length {
                let scalarLength = UTF8Length.ofLeadByte(bytes[scalarStart])
                let scalar = bytes[scalarStart..<min(length, scalarStart + scalarLength)]
                if let replacement = Self.replacementRange(units: units, pool: pool, key: scalar) {
                    output.append(contentsOf: pool[replacement])
                } else {
                    output.append(contentsOf: scalar)
                }
                scalarStart += scalarLength
            }
        }
    }
}

/// UTF-8 sequence lengths from a lead byte (continuation bytes count as 1 so loops advance).
enum UTF8Length {
    @inline(__always)
    static func ofLeadByte(_ byte: UInt8) -> Int {
        if byte < 0xC0 { return 1 }
        if byte < 0xE0 { return 2 }
        if byte < 0xF0 { return 3 }
        return 4
    }
}
