//! Scores extracted records against gold annotations (rules of shared/spec/gold-format.md).
