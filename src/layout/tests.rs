//! Whole-layout tests.
