import StepwiseConfig
import StepwisePipeline
import Testing

@Suite struct SuggestionTests {
    @Test func editDistance() {
        #expect(Suggestion.editDistance("", "") == 0)
        #expect(Suggestion.editDistance("abc", "") == 3)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("spilts", "splits") == 1)  // one swap
        #expect(Suggestion.editDistance("ab", "ba") == 1)
        #expect(Suggestion.editDistance("ca", "abc") == 3)  // optimal string alignment, not full Damerau
        #expect(Suggestion.editDistance("naïve", "naive") == 1)
    }

    @Test func closeTyposAreSuggested() {
        let keys = ["name", "format", "source", "splits", "sample", "round"]
        #expect(Suggestion.closest(to: "spilts", among: keys) == "splits")
        #expect(Suggestion.closest(to: "fromat", among: keys) == "format")
        #expect(Suggestion.closest(to: "Source", among: keys) == "source")
        #expect(Suggestion.closest(to: "nmae", among: keys) == "name")
        #expect(Suggestion.closest(to: "max-tokens", among: ["max_tokens", "max_retries"]) == "max_tokens")
    }

    @Test func farWordsAreNotSuggested() {
        #expect(Suggestion.closest(to: "model", among: ["name", "format", "source"]) == nil)
        #expect(Suggestion.closest(to: "xyz", among: ["abc"]) == nil)
        #expect(Suggestion.closest(to: "anything", among: [String]()) == nil)
    }

    @Test func tiesGoToTheFirstCandidate() {
        #expect(Suggestion.closest(to: "bat", among: ["cat", "hat"]) == "cat")
    }
}
