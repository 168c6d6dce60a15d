import Foundation
import Testing

@testable import StepwiseTeacher

/// Server bodies parsed without a server: what the fuzz target `openai-response` found.
struct ResponseParsingTests {
    @Test("an error body with a blank message names the body instead")
    func blankErrorMessage() {
        // Fuzz/Regressions/openai-response/blank-message: the message was "" and the run
        // said nothing about why the server refused.
        #expect(OpenAIClient.errorMessage(Data(#"{"message": ""}"#.utf8)) == #"{"message": ""}"#)
        #expect(OpenAIClient.errorMessage(Data(#"{"error": {"message": " "}, "detail": 1}"#.utf8)).contains("detail"))
        #expect(OpenAIClient.errorMessage(Data(#"{"error": {"message": "model not found"}}"#.utf8)) == "model not found")
        #expect(OpenAIClient.errorMessage(Data()) == "(empty body)")
    }

    @Test("a 2xx body of another API is refused at once, naming the fix; a body cut short is retried")
    func notAnOpenAIBody() {
        // What llama-server's own /completions answers when base_url lacks /v1.
        let llama = #"{"content": " The answer is yes.", "stop": true, "tokens_predicted": 7}"#
        guard case .rejected(let status, let message) = OpenAIClient.parse(Data(llama.utf8), expected: 1, api: .completions) else {
            Issue.record("not rejected")
            return
        }
        #expect(status == 200)
        #expect(message.contains("does base_url end in /v1?") && message.contains(#""content""#))
        guard case .retryable(.malformed, _) = OpenAIClient.parse(Data(#"{"choices": [{"te"#.utf8), expected: 1, api: .chat) else {
            Issue.record("a truncated body is not retried")
            return
        }
    }

    @Test("choices outside the request, duplicated or malformed are counted, not kept")
    func choicesMappedBack() {
        let body = #"{"choices": [{"text": "a"}, {"index": 1, "text": "b"}, {"index": 1, "text": "dup"}, {"index": 7, "text": "c"}, 3, {"index": -1, "text": "d"}]}"#
        guard case .answered(let received, let extra, let malformed, _, _) = OpenAIClient.parse(Data(body.utf8), expected: 2, api: .completions)
        else {
            Issue.record("not answered")
            return
        }
        #expect(received.mapValues(\.text) == [0: "a", 1: "b"])
        #expect(extra == 3)
        #expect(malformed == 1)
    }
}
