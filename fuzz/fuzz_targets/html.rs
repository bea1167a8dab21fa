//! The html reader on arbitrary bytes: no panic, and every document it
//! returns keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::read(data, demarche_ingest::Format::Html);
});
