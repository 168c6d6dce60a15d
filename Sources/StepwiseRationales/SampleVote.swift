import StepwiseCore

extension ParseStage {
    /// Parses each of a record's samples and, with `vote: majority`, votes.
    ///
    /// A sample votes when its label was parsed into the label space (whatever later filter
    /// it fails); labels are equal by the space's rule (``LabelSpace/same(_:_:)``: by value
    /// for numbers and equations). The voted label is the one with most votes; on a tie,
    /// the one whose first vote came from the lower sample index. Then:
    /// - agreement (votes ÷ samples asked) below `min_agreement`, or no vote at all:
    ///   every sample is filtered as `low_agreement`;
    /// - `keep: agreeing`: each sample that passed the filters and carries the voted label
    ///   is kept, the others that passed as `vote_disagrees`;
    /// - `keep: one`: the first such sample is kept, the other agreeing ones filtered as
    ///   `vote_not_kept`;
    /// - `keep: all`: every sample that passed the filters is kept, with its own label.
    /// Samples that failed a filter keep their reason. Sample 0 leads the record: it
    /// carries the record's verdict (the voted label against gold) and token usage.
    /// With `vote: none`, each sample is parsed and filtered on its own.
    ///
    /// Returns the samples in index order and how many labels the robust pass recovered.
    public func parseSamples(_ record: TeacherRecord) throws -> (records: [ParsedRecord], recovered: Int) {
        var parsed: [ParsedRecord] = []
        var recovered = 0
        for i in record.samples.indices {
            var single = record.single(sample: i)
            if i == 0 { single.usage = record.usage }
            var (one, found) = try parse(single)
            if found { recovered += 1 }
            one.sample = i
            one.leadsRecord = i == 0
            parsed.append(one)
        }
        guard voting.rule == .majority else { return (parsed, recovered) }

        let space = LabelSpace(parser.rules.labels, choices: record.source.choices)
        // Voting labels in order of their first vote, with their counts.
        var tally: [(label: String, votes: Int)] = []
        for sample in parsed where sample.teacherCorrect != nil {
            if let i = tally.firstIndex(where: { space.same($0.label, sample.teacherLabel) }) {
                tally[i].votes += 1
            } else {
                tally.append((sample.teacherLabel, 1))
            }
        }
        var winner = tally.first
        for entry in tally.dropFirst() where entry.votes > winner!.votes { winner = entry }
        let runnerUp = tally.filter { $0.label != winner?.label }.map(\.votes).max() ?? 0
        let vote = VoteSummary(label: winner?.label ?? "", votes: winner?.votes ?? 0, samples: parsed.count, runnerUp: runnerUp)
        let voteCorrect = winner.flatMap { space.teacherCorrect(teacherLabel: $0.label, gold: record.source.label) }
        let agreeing = { (sample: ParsedRecord) in winner.map { sample.teacherCorrect != nil && space.same(sample.teacherLabel, $0.label) } ?? false }
        let tooLow = winner == nil || voting.minAgreement.map { vote.agreement < $0 } ?? false

        var keptOne = false
        for i in parsed.indices {
            parsed[i].vote = vote
            if i == 0 { parsed[i].voteCorrect = voteCorrect }
            if tooLow {
                parsed[i] = refiled(parsed[i], as: .lowAgreement)
                continue
            }
            guard parsed[i].status == .kept else { continue }
            switch voting.keep {
            case .all:
                break
            case .agreeing:
                if !agreeing(parsed[i]) { parsed[i] = refiled(parsed[i], as: .voteDisagrees) }
            case .one:
                if !agreeing(parsed[i]) {
                    parsed[i] = refiled(parsed[i], as: .voteDisagrees)
                } else if keptOne {
                    parsed[i] = refiled(parsed[i], as: .voteNotKept)
                } else {
                    keptOne = true
                }
            }
        }
        return (parsed, recovered)
    }

    private func refiled(_ record: ParsedRecord, as reason: FilterReason) -> ParsedRecord {
        var out = record
        out.status = .filtered
        out.reason = reason.rawValue
        return out
    }
}
