import Foundation

/// Reads an arithmetic answer after an answer phrase (robust mode).
///
/// On the rest of the phrase's line: skips leading spaces, `:`, quotes and `$`; takes the
/// longest run of expression characters (digits, `.`, `+ - * /`, parentheses, spaces),
/// with `$` removed, `×` / `÷` read as `*` / `/` and thousands separators (`11,210`)
/// dropped; trims a trailing `.` and unmatched closing parentheses. A number later in the
/// same sentence (`(53 + 17) and (14 - 10)`) makes the answer ambiguous. The result must
/// contain a digit and be an ``ArithmeticExpression`` — with or without outer
/// parentheses (`(84 / 2)`, `84 / 2`, `42`).
enum EquationLabelReader {
    @Sendable static func read(_ text: UTF8Text, _ range: Range<Int>, _ space: LabelSpace) -> String? {
        let lineEnd = text.firstIndex(of: [0x0A], in: range) ?? range.upperBound
        let line = Array(String(decoding: text.bytes[range.lowerBound..<lineEnd], as: UTF8.self)
            .replacingOccurrences(of: "×", with: "*").replacingOccurrences(of: "÷", with: "/").utf8)

        var i = 0
        while i < line.count, [0x20, 0x09, 0x3A, 0x22, 0x27, 0x2A, 0x24].contains(line[i]) { i += 1 }
        var expression: [UInt8] = []
        while i < line.count {
            let b = line[i]
            if b == UInt8(ascii: "$") {
                i += 1
                continue
            }
            if b == UInt8(ascii: ","), isThousandsSeparator(line, at: i) {
                i += 1
                continue
            }
            guard b.isASCIIDigit || "+-*/(). \t".utf8.contains(b) else { break }
            expression.append(b)
            i += 1
        }
        // A second number after the expression in the same sentence (`(53 + 17) and
        // (14 - 10)`) means more than one answer.
        var rest = i
        while rest < line.count, line[rest] != UInt8(ascii: ".") {
            if line[rest].isASCIIDigit { return nil }
            rest += 1
        }
        // Trim trailing spaces, sentence periods and unmatched closing parentheses.
        while let last = expression.last {
            let unmatchedClose =
                last == UInt8(ascii: ")")
                && expression.count(where: { $0 == UInt8(ascii: ")") })
                    > expression.count(where: { $0 == UInt8(ascii: "(") })
            guard last == 0x20 || last == 0x09 || last == UInt8(ascii: ".") || unmatchedClose else { break }
            expression.removeLast()
        }
        guard expression.contains(where: \.isASCIIDigit) else { return nil }
        let label = String(decoding: expression, as: UTF8.self)
        return ArithmeticExpression.isExpression(label) ? label : nil
    }

    /// A `,` between a digit and exactly three digits (`11,210`).
    private static func isThousandsSeparator(_ line: [UInt8], at i: Int) -> Bool {
        guard i > 0, line[i - 1].isASCIIDigit else { return false }
        for k in 1...3 { guard i + k < line.count, line[i + k].isASCIIDigit else { return false } }
        return i + 4 >= line.count || !line[i + 4].isASCIIDigit
    }
}
