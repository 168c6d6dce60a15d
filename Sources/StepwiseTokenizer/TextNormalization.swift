extension NormalizationStep {
    /// Appends the result of this step on `input` to `output` (which starts empty).
    func apply(_ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        switch self {
        case .precompiled(let charsMap):
            charsMap.normalize(input, into: &output)
        case .strip(let left, let right):
            var start = 0, end = input.count
            if left { start = UnicodeWhitespace.trimmedStart(input, start: 0, end: end) }
            if right { end = UnicodeWhitespace.trimmedEnd(input, start: start, end: end) }
            output.append(contentsOf: input[start..<end])
        case .collapseRuns(let unit, let minimumRun, let content):
            Self.collapseRuns(input, unit: unit, minimumRun: minimumRun, content: content, into: &output)
        case .replaceLiteral(let pattern, let content):
            Self.replaceLiteral(input, pattern: pattern, content: content, into: &output)
        }
    }

    /// Whether `apply` would copy `input` unchanged; a quick check that may say `false` for
    /// some inputs that do pass unchanged (they then take the copying path, same result).
    func leavesUnchanged(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .precompiled(let charsMap):
            return charsMap.leavesUnchanged(input)
        case .collapseRuns(let unit, let minimumRun, _):
            guard unit.count == 1, minimumRun >= 2 else { return false }
            let unitByte = unit[0]
            // No two unit bytes side by side: no run reaches `minimumRun`.
            if let base = UnsafeRawPointer(input.baseAddress), !Self.hasAdjacentPair(of: unitByte, base, count: input.count) {
                return true
            }
            var run = 0
            for byte in input {
                run = byte == unitByte ? run + 1 : 0
                if run >= minimumRun { return false }
            }
            return true
        case .strip, .replaceLiteral:
            return false
        }
    }

    /// Whether two consecutive bytes are both `byte`, eight bytes at a time.
    private static func hasAdjacentPair(of byte: UInt8, _ base: UnsafeRawPointer, count: Int) -> Bool {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, pattern = 0x0101_0101_0101_0101 &* UInt64(byte)
        var index = 0
        var previousIsByte = false
        while index + 8 <= count {
            let difference = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
            // 0x80 exactly in the bytes equal to `byte` (no borrows between bytes).
            let equal = ~(((difference & low7) &+ low7) | difference | low7)
            if equal & (equal >> 8) != 0 || (previousIsByte && equal & 0x80 != 0) { return true }
            previousIsByte = equal >> 63 != 0
            index += 8
        }
        while index < count {
            let isByte = base.load(fromByteOffset: index, as: UInt8.self) == byte
            if isByte && previousIsByte { return true }
            previousIsByte = isByte
            index += 1
        }
        return false
    }

    private static func collapseRuns(
        _ input: UnsafeBufferPointer<UInt8>, unit: [UInt8], minimumRun: Int, content: [UInt8],
        into output: inout [UInt8]
    ) {
        let count = input.count
        if unit.count == 1 {
            let unitByte = unit[0]
            var index = 0
            while index < count {
                guard input[index] == unitByte else {
                    var end = index + 1
                    while end < count && input[end] != unitByte { end += 1 }
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                    index = end
                    continue
                }
                var end = index + 1
                while end < count && input[end] == unitByte { end += 1 }
                if end - index >= minimumRun {
                    output.append(contentsOf: content)
                } else {
                    output.append(contentsOf: input[index..<end])
                }
                index = end
            }
            return
        }
        var index = 0
        while index < count {
            var run = 0
            var end = index
            while end + unit.count <= count && matches(input, at: end, unit) {
                end += unit.count
                run += 1
            }
            if run == 0 {
                output.append(input[index])
                index += 1
            } else {
                if run >= minimumRun {
                    output.append(contentsOf: content)
                } else {
                    output.append(contentsOf: input[index..<end])
                }
                index = end
            }
        }
    }

    private static func replaceLiteral(
        _ input: UnsafeBufferPointer<UInt8>, pattern: [UInt8], content: [UInt8], into output: inout [UInt8]
    ) {
        let count = input.count
        var index = 0
        while index < count {
            if index + pattern.count <= count && matches(input, at: index, pattern) {
                output.append(contentsOf: content)
                index += pattern.count
            } else {
                output.append(input[index])
                index += 1
            }
        }
    }

    @inline(__always)
    private static func matches(_ input: UnsafeBufferPointer<UInt8>, at index: Int, _ pattern: [UInt8]) -> Bool {
        for offset in 0..<pattern.count where input[index + offset] != pattern[offset] { return false }
        return true
    }
}
