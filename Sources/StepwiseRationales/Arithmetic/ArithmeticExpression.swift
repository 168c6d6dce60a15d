/// A small, safe evaluator for the arithmetic labels of SVAMP and ASDiv.
///
/// Grammar (whitespace allowed between tokens):
/// ```
/// expression := term (("+" | "-") term)*
/// term       := factor (("*" | "/") factor)*
/// factor     := "-" factor | number | "(" expression ")"
/// number     := digits ["." [digits]] | "." digits
/// ```
/// Nothing else is accepted — no names, no `**`, no `//`, no commas — so a label is in
/// the label space exactly when it parses. Evaluation never runs code; it computes an
/// ``ArithmeticValue`` (exact fractions, `Double` past `Int64`). Nesting is limited to
/// ``maxDepth`` so hostile input cannot exhaust the stack.
public enum ArithmeticExpression {
    public static let maxDepth = 64

    /// Why a text is not an arithmetic expression.
    public enum Failure: Error, Sendable, Hashable {
        /// The text is not in the grammar (the byte offset where parsing stopped).
        case syntax(offset: Int)
        /// The expression parses but divides by zero.
        case divisionByZero
        case tooDeep
    }

    /// Whether `text` is an expression of the grammar (whether or not it divides by zero).
    public static func isExpression(_ text: String) -> Bool {
        switch evaluate(text) {
        case .success, .failure(.divisionByZero): return true
        case .failure: return false
        }
    }

    /// The value of `text`.
    public static func evaluate(_ text: String) -> Result<ArithmeticValue, Failure> {
        var parser = Parser(bytes: Array(text.utf8))
        do {
            let value = try parser.expression(depth: 0)
            parser.skipSpaces()
            guard parser.position == parser.bytes.count else { throw Failure.syntax(offset: parser.position) }
            guard let value else { return .failure(.divisionByZero) }
            return .success(value)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(.syntax(offset: 0))
        }
    }

    /// The value, or `nil` when `text` is not an expression or divides by zero.
    public static func value(of text: String) -> ArithmeticValue? {
        try? evaluate(text).get()
    }

    /// Recursive descent over bytes. A `nil` value means a division by zero happened
    /// somewhere below; parsing continues so syntax errors still win.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        mutating func skipSpaces() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        }

        mutating func peek() -> UInt8? {
            skipSpaces()
            return position < bytes.count ? bytes[position] : nil
        }

        mutating func expression(depth: Int) throws(Failure) -> ArithmeticValue? {
            guard depth < ArithmeticExpression.maxDepth else { throw .tooDeep }
            var value = try term(depth: depth)
            while let op = peek(), op == UInt8(ascii: "+") || op == UInt8(ascii: "-") {
                position += 1
                let rhs = try term(depth: depth)
                if let l = value, let r = rhs { value = op == UInt8(ascii: "+") ? l + r : l - r } else { value = nil }
            }
            return value
        }

        mutating func term(depth: Int) throws(Failure) -> ArithmeticValue? {
            var value = try factor(depth: depth)
            while let op = peek(), op == UInt8(ascii: "*") || op == UInt8(ascii: "/") {
                position += 1
                // `**` and `//` are Python operators outside our grammar.
                if position < bytes.count, bytes[position] == op { throw .syntax(offset: position) }
                let rhs = try factor(depth: depth)
                if let l = value, let r = rhs {
                    value = op == UInt8(ascii: "*") ? l * r : ArithmeticValue.divide(l, r)
                } else {
                    value = nil
                }
            }
            return value
        }

        mutating func factor(depth: Int) throws(Failure) -> ArithmeticValue? {
            guard depth < ArithmeticExpression.maxDepth else { throw .tooDeep }
            guard let c = peek() else { throw .syntax(offset: position) }
            if c == UInt8(ascii: "-") {
                position += 1
                return try factor(depth: depth + 1).map { -$0 }
            }
            if c == UInt8(ascii: "(") {
                position += 1
                let inner = try expression(depth: depth + 1)
                guard peek() == UInt8(ascii: ")") else { throw .syntax(offset: position) }
                position += 1
                return inner
            }
            return try number()
        }

        mutating func number() throws(Failure) -> ArithmeticValue {
            let start = position
            var mantissa: Int64? = 0
            var scale: Int64? = 1
            var digits = 0
            var seenPoint = false
            while position < bytes.count {
                let b = bytes[position]
                if b.isASCIIDigit {
                    digits += 1
                    if let m = mantissa {
                        let (t, o1) = m.multipliedReportingOverflow(by: 10)
                        let (s, o2) = t.addingReportingOverflow(Int64(b - 0x30))
                        mantissa = o1 || o2 ? nil : s
                    }
                    if seenPoint, let sc = scale {
                        let (t, o) = sc.multipliedReportingOverflow(by: 10)
                        scale = o ? nil : t
                    }
                } else if b == UInt8(ascii: "."), !seenPoint {
                    seenPoint = true
                } else {
                    break
                }
                position += 1
            }
            guard digits > 0 else { throw .syntax(offset: start) }
            if let m = mantissa, let s = scale, let v = ArithmeticValue.fraction(m, s) { return v }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard let x = Double(text.hasSuffix(".") ? String(text.dropLast()) : text) else {
                throw .syntax(offset: start)
            }
            return .approximate(x)
        }
    }
}
