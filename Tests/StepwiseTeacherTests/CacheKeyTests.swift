import Foundation
import StepwiseCore
import Testing

@testable import StepwiseTeacher

struct CacheKeyTests {
    let base = OpenAITeacherOptions(baseURL: URL(string: "http://127.0.0.1:8000/v1")!, model: "m")

    @Test("the key changes with everything that decides a completion, and only with that")
    func sensitivity() {
        let prompt = Prompt.text("Q: 1+1?\nA:")
        let key = CacheKey(prompt: prompt, options: base)
        #expect(key == CacheKey(prompt: prompt, options: base))
        var elsewhere = base
        elsewhere.baseURL = URL(string: "http://10.0.0.2:9000/v1")!
        elsewhere.batchSize = 32
        elsewhere.concurrency = 9
        elsewhere.apiKeyEnv = "KEY"
        #expect(CacheKey(prompt: prompt, options: elsewhere) == key)

        var variants: [OpenAITeacherOptions] = []
        for change in 0..<8 {
            var o = base
            switch change {
            case 0: o.model = "m2"
            case 1: o.api = .chat
            case 2: o.maxTokens = 257
            case 3: o.temperature = 0.7
            case 4: o.stop = ["\n\n"]
            case 5: o.seed = 1
            case 6: o.topP = 0.9
            default: o.modelIdentity = "m@rev2"
            }
            variants.append(o)
        }
        let keys = Set(variants.map { CacheKey(prompt: prompt, options: $0) } + [key, CacheKey(prompt: .text("Q: 1+2?\nA:"), options: base)])
        #expect(keys.count == 10)
        #expect(CacheKey(prompt: .chat([ChatMessage(role: "user", content: "Q: 1+1?\nA:")]), options: base) != key)
    }

    @Test("hex round trip")
    func hex() {
        let key = CacheKey(prompt: .text("x"), options: base)
        #expect(key.hex.count == 64)
        #expect(CacheKey(hex: key.hex) == key)
        #expect(CacheKey(hex: key.hex.uppercased()) == key)
        #expect(CacheKey(hex: "zz") == nil)
        #expect(CacheKey(hex: String(repeating: "g", count: 64)) == nil)
    }
}

struct RequestBodyTests {
    @Test("teacher.top_p reaches the request body; absent, it is not sent")
    func topP() throws {
        var options = OpenAITeacherOptions(baseURL: URL(string: "http://127.0.0.1:9/v1")!, model: "m")
        let plain = try OpenAIClient(options: options, environment: [:]).body(for: [.text("Q")])
        #expect(plain["top_p"] == nil)
        options.topP = 0.9
        let body = try OpenAIClient(options: options, environment: [:]).body(for: [.text("Q")])
        #expect(body["top_p"] == .double(0.9))
        #expect(body["temperature"] == .double(0))
        #expect(body["stop"] == ["\n\nQ:"])
    }
}
