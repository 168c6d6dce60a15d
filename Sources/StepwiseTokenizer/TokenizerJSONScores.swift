/// The scores of a tokenizer.json's `model.vocab`, read from the number text itself with
/// serde_json's conversion (`SerdeJSONFloat`): Foundation's JSON numbers are rounded their
/// own way (12,785 of T5's 32,100 scores differ from HF's, by up to 3 ulps).
///
/// A byte walk over already-validated JSON: the top-level object's `"model"` member, its
/// `"vocab"` member, and in each `[piece, score]` pair the score's text. Keys are compared as
/// written (a key spelled with escapes is not found, and the loader then refuses the file).
enum TokenizerJSONScores {
    /// One score per vocab entry, in order; nil when the layout is not the expected one.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> [Double]? {
        var walker = Walker(bytes: bytes)
        guard walker.enterMember("model"), walker.enterMember("vocab"), walker.consume(UInt8(ascii: "[")) else {
            return nil
        }
        var scores: [Double] = []
        if walker.consume(UInt8(ascii: "]")) { return scores }
        repeat {
            guard walker.consume(UInt8(ascii: "[")), walker.skipString(), walker.consume(UInt8(ascii: ",")),
                let number = walker.numberText(), let score = SerdeJSONFloat.parse(number),
                walker.consume(UInt8(ascii: "]"))
            else { return nil }
            scores.append(score)
        } while walker.consume(UInt8(ascii: ","))
        return walker.consume(UInt8(ascii: "]")) ? scores : nil
    }

    private struct Walker {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        @inline(__always)
        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

        /// Consumes `byte` (after whitespace) when it is next.
        mutating func consume(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Expects an object next and moves to the value of its member `key`.
        mutating func enterMember(_ key: StaticString) -> Bool {
            guard consume(UInt8(ascii: "{")) else { return false }
            let wanted = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
            if consume(UInt8(ascii: "}")) { return false }
            repeat {
                skipWhitespace()
                let keyStart = index + 1
                guard skipString() else { return false }
                let name = UnsafeBufferPointer(rebasing: bytes[keyStart..<(index - 1)])
                guard consume(UInt8(ascii: ":")) else { return false }
                if name.elementsEqual(wanted) { return true }
                guard skipValue() else { return false }
            } while consume(UInt8(ascii: ","))
            return false
        }

        /// Skips a string (at its opening quote, after whitespace), escapes included.
        mutating func skipString() -> Bool {
            guard consume(UInt8(ascii: "\"")) else { return false }
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return true
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            return false
        }

        /// Skips any value: a string, a container (by depth, strings inside skipped whole), or
        /// a scalar up to the next delimiter.
        mutating func skipValue() -> Bool {
            skipWhitespace()
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""):
                        guard skipString() else { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            index += 1
                            return true
                        }
                    default:
                        break
                    }
                    index += 1
                }
                return false
            default:
                let start = index
                while index < bytes.count, !Self.isWhitespace(bytes[index]),
                    bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"), bytes[index] != UInt8(ascii: "]")
                {
                    index += 1
                }
                return index > start
            }
        }

        /// The text of the number next (after whitespace), or nil when a number is not next.
        mutating func numberText() -> UnsafeBufferPointer<UInt8>? {
            skipWhitespace()
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                guard (byte >= 0x30 && byte <= 0x39) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                    UInt8(ascii: "e"), UInt8(ascii: "E")].contains(byte)
                else { break }
                index += 1
            }
            return index > start ? UnsafeBufferPointer(rebasing: bytes[start..<index]) : nil
        }
    }
}
