/// Gathers one column chunk's `Statistics` as values are appended.
///
/// - `null_count`: nulls; for a list column, as Arrow counts it, the rows without an
///   element (null and empty lists alike).
/// - `min_value`/`max_value`: signed order for integers, false < true, unsigned bytewise
///   order for strings (left out when either is longer than the size limit), and for
///   doubles the non-NaN values with -0.0 as a zero minimum and +0.0 as a zero maximum;
///   absent when there are no (non-NaN) values. A list column's are its elements'.
/// - `nan_count` for doubles, always (the spec requires it with min/max under TYPE_ORDER).
struct StatisticsAccumulator: Sendable {
    let kind: ParquetColumn.Kind
    let maxValueSize: Int
    private var nullCount: Int64 = 0
    private var nanCount: Int64 = 0
    private var hasRange = false
    private var minInteger: Int64 = 0
    private var maxInteger: Int64 = 0
    private var minDouble: Double = 0
    private var maxDouble: Double = 0
    private var minBytes: [UInt8] = []
    private var maxBytes: [UInt8] = []

    init(kind: ParquetColumn.Kind, maxValueSize: Int) {
        self.kind = kind
        self.maxValueSize = maxValueSize
    }

    mutating func addNull() { nullCount += 1 }

    mutating func addInteger(_ value: Int64) {
        if !hasRange {
            hasRange = true
            minInteger = value
            maxInteger = value
        } else {
            minInteger = Swift.min(minInteger, value)
            maxInteger = Swift.max(maxInteger, value)
        }
    }

    mutating func addElements(_ values: UnsafeBufferPointer<Int32>) {
        guard let first = values.first else { return }
        var lo = first
        var hi = first
        for v in values {
            lo = Swift.min(lo, v)
            hi = Swift.max(hi, v)
        }
        addInteger(Int64(lo))
        addInteger(Int64(hi))
    }

    mutating func addDouble(_ value: Double) {
        if value.isNaN {
            nanCount += 1
            return
        }
        if !hasRange {
            hasRange = true
            minDouble = value
            maxDouble = value
        } else {
            if value < minDouble { minDouble = value }
            if value > maxDouble { maxDouble = value }
        }
    }

    mutating func addString(utf8: UnsafeBufferPointer<UInt8>) {
        if !hasRange {
            hasRange = true
            minBytes = Array(utf8)
            maxBytes = minBytes
            return
        }
        if Self.compare(utf8, minBytes) < 0 { minBytes = Array(utf8) }
        if Self.compare(utf8, maxBytes) > 0 { maxBytes = Array(utf8) }
    }

    /// The chunk's statistics; the accumulator starts over.
    mutating func take() -> Statistics {
        var stats = Statistics(nullCount: nullCount)
        if hasRange {
            switch kind {
            case .int32, .int32List:
                stats.minValue = Self.plain(Int32(truncatingIfNeeded: minInteger))
                stats.maxValue = Self.plain(Int32(truncatingIfNeeded: maxInteger))
            case .int64:
                stats.minValue = Self.plain(minInteger)
                stats.maxValue = Self.plain(maxInteger)
            case .bool:
                stats.minValue = [UInt8(truncatingIfNeeded: minInteger)]
                stats.maxValue = [UInt8(truncatingIfNeeded: maxInteger)]
            case .double:
                let lo = minDouble == 0 ? -0.0 : minDouble
                let hi = maxDouble == 0 ? 0.0 : maxDouble
                stats.minValue = Self.plain(lo.bitPattern)
                stats.maxValue = Self.plain(hi.bitPattern)
            case .string:
                if minBytes.count <= maxValueSize && maxBytes.count <= maxValueSize {
                    stats.minValue = minBytes
                    stats.maxValue = maxBytes
                }
            }
        }
        if kind == .double { stats.nanCount = nanCount }
        self = StatisticsAccumulator(kind: kind, maxValueSize: maxValueSize)
        return stats
    }

    private static func plain<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        var out: [UInt8] = []
        out.appendLittleEndian(v)
        return out
    }

    /// Unsigned bytewise order (shorter first on a common prefix).
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Int {
        b.withUnsafeBufferPointer { b in
            let n = Swift.min(a.count, b.count)
            for i in 0..<n where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
    }
}
