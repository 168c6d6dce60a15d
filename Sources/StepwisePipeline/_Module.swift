// StepwisePipeline: work in progress; see README.md for the stage layout.
