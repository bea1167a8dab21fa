//! Loading what the desk reads from a store.

use super::DeskData;
use demarche_store::{Filter, Store, StoreError};

impl DeskData {
    /// Every record the desk reads (documents, quotes, silences, events with
    /// their documents' hashes, times, findings) and the named crises.
    pub fn load(store: &Store) -> Result<DeskData, StoreError> {
        let f = Filter::default();
        let (event_hashes, events) = store.events_with_hash(&f)?.into_iter().unzip();
        Ok(DeskData {
            documents: store.documents(&f)?,
            quotes: store.quotes(&f)?,
            silences: store.silences(&f)?,
            events,
            event_hashes,
            times: store.times(&f)?,
            findings: store.findings(&f)?,
            named: store.crises()?,
        })
    }
}
