/// The RLE / bit-packed hybrid encoding (Parquet `Encodings.md`, `RLE = 3`) of repetition
/// and definition levels, for bit widths 1...8.
///
/// Values are appended as runs (`append(level, count:)`), which is how levels arise: a list
/// of n elements is one 0 and n−1 ones of repetition level, n equal definition levels.
/// A run of 8 or more equal values becomes an RLE run; shorter runs gather into
/// bit-packed groups of 8. Only the last bit-packed run of a page is padded (readers stop
/// at the page's `num_values`), so a run that follows pending literals first lends them
/// the values that complete their group. The output depends only on the values.
struct RLEHybridEncoder: Sendable {
    let bitWidth: Int
    private(set) var bytes: [UInt8] = []
    /// Values waiting to be bit-packed, fewer than `literalFlushThreshold` + 8.
    private var literal: [UInt8] = []
    private var runValue: UInt8 = 0
    private var runCount = 0
    /// Values appended since the last ``finish()``.
    private(set) var count = 0

    private static let literalFlushThreshold = 504  // 63 groups

    init(bitWidth: Int) {
        precondition((1...8).contains(bitWidth), "level bit width \(bitWidth) out of 1...8")
        self.bitWidth = bitWidth
        literal.reserveCapacity(Self.literalFlushThreshold + 8)
    }

    /// The bit width that holds every level up to `maxLevel`.
    static func bitWidth(forMaxLevel maxLevel: Int) -> Int {
        var width = 0
        while (1 << width) <= maxLevel { width += 1 }
        return width
    }

    mutating func append(_ value: UInt8, count n: Int = 1) {
        guard n > 0 else { return }
        count += n
        if runCount > 0 && value == runValue {
            runCount += n
            return
        }
        closeRun()
        runValue = value
        runCount = n
    }

    /// An upper bound of the encoded size so far (for page size decisions).
    var estimatedByteCount: Int {
        bytes.count + (literal.count * bitWidth + 7) / 8 + 2 + (runCount > 0 ? 1 + 10 : 0)
    }

    /// The encoded bytes of everything appended; the encoder is empty afterwards.
    mutating func finish() -> [UInt8] {
        closeRun()
        if !literal.isEmpty {
            let pad = (8 - literal.count % 8) % 8
            literal.append(contentsOf: repeatElement(0, count: pad))
            flushLiteralGroups()
        }
        let out = bytes
        bytes = []
        count = 0
        return out
    }

    private mutating func closeRun() {
        guard runCount > 0 else { return }
        if runCount >= 8 {
            let lend = (8 - literal.count % 8) % 8
            if lend > 0 {
                literal.append(contentsOf: repeatElement(runValue, count: lend))
                runCount -= lend
            }
            flushLiteralGroups()
            // lend < 8 <= runCount, so some of the run is left.
            writeVarint(UInt64(runCount) << 1)
            bytes.append(runValue)  // ceil(bitWidth / 8) = 1 byte
        } else {
            literal.append(contentsOf: repeatElement(runValue, count: runCount))
            if literal.count >= Self.literalFlushThreshold { flushLiteralGroups() }
        }
        runCount = 0
    }

    /// Writes the whole groups of 8 in `literal` as one bit-packed run, keeping the rest.
    private mutating func flushLiteralGroups() {
        let groups = literal.count / 8
        guard groups > 0 else { return }
        writeVarint(UInt64(groups) << 1 | 1)
        let width = UInt64(bitWidth)
        literal.withUnsafeBufferPointer { values in
            for g in 0..<groups {
                // 8 values of `bitWidth` bits, the first in the lowest bits: bitWidth bytes.
                var packed: UInt64 = 0
                for i in 0..<8 { packed |= UInt64(values[g * 8 + i]) << (UInt64(i) * width) }
                for b in 0..<bitWidth { bytes.append(UInt8(truncatingIfNeeded: packed >> (8 * UInt64(b)))) }
            }
        }
        literal.removeFirst(groups * 8)
    }

    private mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }
}
