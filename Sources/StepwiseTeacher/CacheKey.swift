import Crypto
import Foundation
import StepwiseCore

/// The SHA-256 of everything that determines a completion; the completion cache's key
/// and the Batch API `custom_id` (as 64 lowercase hex digits).
public struct CacheKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The key of `prompt` under `options`, for sample `sample` (0-based, of
    /// `teacher.samples`) and its `retry`-th re-ask after an empty completion
    /// (`teacher.retry_empty`). The hashed text is a compact JSON object with fixed key
    /// order: `v`, `api`, `model_identity`, `model`, `prompt` or `messages`, `max_tokens`,
    /// `temperature`, `top_p`, `stop`, `seed`, then — only when set, so keys made before
    /// they existed still match — `extra_body`, `sample` (> 0) and `retry` (> 0).
    public init(prompt: Prompt, options: OpenAITeacherOptions, sample: Int = 0, retry: Int = 0) {
        var fields: [(String, JSONValue)] = [
            ("v", 1),
            ("api", .string(options.api.rawValue)),
            ("model_identity", .string(options.modelIdentity ?? options.model)),
            ("model", .string(options.model)),
        ]
        switch prompt {
        case .text: fields.append(("prompt", prompt.jsonValue))
        case .chat: fields.append(("messages", prompt.jsonValue))
        }
        fields += [
            ("max_tokens", .int(options.maxTokens)),
            ("temperature", .double(options.temperature)),
            ("top_p", options.topP.map(JSONValue.double) ?? .null),
            ("stop", .array(options.stop.map(JSONValue.string))),
            ("seed", options.seed.map(JSONValue.int) ?? .null),
        ]
        if !options.extraBody.isEmpty { fields.append(("extra_body", .object(options.extraBody))) }
        if sample > 0 { fields.append(("sample", .int(sample))) }
        if retry > 0 { fields.append(("retry", .int(retry))) }
        let text = JSONValue.object(fields).jsonText()
        self.bytes = Array(SHA256.hash(data: Data(text.utf8)))
    }

    /// Parses 64 hex digits (a Batch API `custom_id`).
    public init?(hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            case 0x41...0x46: return c - 0x41 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self.bytes = out
    }

    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (a: CacheKey, b: CacheKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
