import Foundation
@testable import StepwiseTeacher

/// A server's 2xx body, for both APIs and 1–8 prompts: choices mapped back inside the
/// request with sane token counts, or a retryable malformed answer; the error text of a
/// failed one.
let openAIResponseTarget = FuzzTarget(name: "openai-response", summary: "OpenAIClient.parse and errorMessage on any body") { data in
    let input = Selected(data, among: 16)
    let body = Data(input.rest)
    let expected = 1 + input.choice / 2
    let api: TeacherAPI = input.choice % 2 == 0 ? .completions : .chat
    if case .answered(let received, let extra, let malformed, let usage, _) = OpenAIClient.parse(body, expected: expected, api: api) {
        for index in received.keys where index < 0 || index >= expected {
            violated("openai-response", "choice index \(index) kept for \(expected) prompts")
        }
        if extra < 0 || malformed < 0 { violated("openai-response", "negative counts") }
        // Token counts read from the body: never negative, cached never above the prompt's.
        for u in [usage] + received.values.map(\.usage) {
            guard let u else { continue }
            if u.promptTokens < 0 || u.completionTokens < 0 || u.cachedPromptTokens < 0 || u.cachedPromptTokens > u.promptTokens {
                violated("openai-response", "usage out of range: \(u)")
            }
        }
    }
    if OpenAIClient.errorMessage(body).isEmpty { violated("openai-response", "an empty error message") }
}

/// A released outputs file (a JSON array of strings): its completions or a problem.
let paperCompletionsTarget = FuzzTarget(name: "paper-completions", summary: "RecordingImporter.paperCompletions on any bytes") { data in
    do {
        _ = try RecordingImporter.paperCompletions(Data(data))
    } catch let error as RecordingImporter.PaperFileProblem {
        if error.message.isEmpty { violated("paper-completions", "a problem without a message") }
    } catch {
        violated("paper-completions", "threw \(type(of: error)), not a PaperFileProblem")
    }
}
