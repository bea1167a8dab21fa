//! The desk cache: every record the desk reads, its event clusters, the
//! indexed corpus and the crises, built once and kept until the store
//! changes. Each request reads the store's fingerprint (three indexed
//! lookups) and reuses the snapshot when it is unchanged; a changed store
//! is loaded again by one request while the others wait for it.

use crate::ApiError;
use demarche_analysis::desk::{
    contradictions, corroboration, ClaimRow, Contradiction, Corpus, CorroborationOptions, Crisis,
    Desk, DeskData, DeskRules, PatronReport,
};
use demarche_analysis::{ClusterOptions, EventCluster};
use demarche_kb::Kb;
use demarche_store::{DataVersion, Store};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// What the desk computed from one state of the store.
pub(crate) struct Snapshot {
    pub version: DataVersion,
    pub clusters: Vec<EventCluster>,
    pub corpus: Corpus,
    pub crises: Vec<Crisis>,
    /// How long loading and indexing took.
    pub built: Duration,
    claims: OnceLock<Vec<ClaimRow>>,
    contradictions: OnceLock<Vec<Contradiction>>,
    /// Every state's patron report, by state code (computed on first use).
    patrons: OnceLock<BTreeMap<String, Arc<PatronReport>>>,
}

impl Snapshot {
    /// A crisis by id (or its knowledge-base event id).
    pub fn crisis(&self, id: &str) -> Option<&Crisis> {
        self.crises
            .iter()
            .find(|c| c.id == id)
            .or_else(|| self.crises.iter().find(|c| c.kb_id.as_deref() == Some(id)))
    }

    /// Every claim with the outlets that carry it (computed on first use).
    pub fn claims(&self, opts: &ClusterOptions) -> &[ClaimRow] {
        self.claims.get_or_init(|| {
            corroboration(
                &self.corpus,
                &self.clusters,
                &opts.wires,
                CorroborationOptions { min_outlets: 1 },
            )
        })
    }

    /// A patron's report. Every state's is computed together on first use
    /// (one scope per crisis, shared by the states bound to its target); a
    /// state bound to no crisis's target gets its empty report.
    pub fn patron(&self, desk: &Desk, code: &str) -> Arc<PatronReport> {
        match self.patrons(desk).get(code) {
            Some(r) => r.clone(),
            None => Arc::new(desk.patron(&self.corpus, &self.crises, code)),
        }
    }

    /// Every state's patron report (computed on first use).
    fn patrons(&self, desk: &Desk) -> &BTreeMap<String, Arc<PatronReport>> {
        self.patrons.get_or_init(|| {
            desk.patrons(&self.corpus, &self.crises)
                .into_iter()
                .map(|(k, v)| (k, Arc::new(v)))
                .collect()
        })
    }

    /// Every contradiction between sources (computed on first use).
    pub fn contradictions(&self, desk: &Desk) -> &[Contradiction] {
        self.contradictions
            .get_or_init(|| contradictions(desk, &self.corpus, &self.clusters))
    }
}

/// The desk's rules and the current snapshot.
pub(crate) struct DeskCache {
    pub desk: Desk,
    current: Mutex<Option<Arc<Snapshot>>>,
    /// Held while a snapshot is built, so only one request builds it.
    building: Mutex<()>,
}

impl DeskCache {
    pub fn new(kb: Arc<Kb>) -> DeskCache {
        DeskCache {
            desk: Desk::new(kb, DeskRules::builtin()),
            current: Mutex::new(None),
            building: Mutex::new(()),
        }
    }

    fn cached(&self, version: &DataVersion) -> Option<Arc<Snapshot>> {
        let cur = self.current.lock().ok()?;
        cur.as_ref().filter(|s| s.version == *version).cloned()
    }

    /// The snapshot of the store as it is now: the cached one when the
    /// fingerprint is unchanged, else a new one.
    pub fn snapshot(
        &self,
        store: &Store,
        opts: &ClusterOptions,
    ) -> Result<Arc<Snapshot>, ApiError> {
        let version = store.data_version()?;
        if let Some(s) = self.cached(&version) {
            return Ok(s);
        }
        let _one = self
            .building
            .lock()
            .map_err(|_| ApiError::Internal("the desk cache failed earlier".into()))?;
        // Another request may have built it while this one waited.
        let version = store.data_version()?;
        if let Some(s) = self.cached(&version) {
            return Ok(s);
        }
        let start = Instant::now();
        let data = Arc::new(DeskData::load(store)?);
        let clusters = data.clusters(opts);
        let corpus = Corpus::new(&self.desk, data.clone());
        let crises = self.desk.crises(&corpus, &clusters, &data.named);
        let snap = Arc::new(Snapshot {
            version,
            clusters,
            corpus,
            crises,
            built: start.elapsed(),
            claims: OnceLock::new(),
            contradictions: OnceLock::new(),
            patrons: OnceLock::new(),
        });
        // Warm what is slow to compute the first time, in parallel, before
        // the snapshot is served: the claims, the contradictions and the
        // patron reports.
        std::thread::scope(|s| {
            s.spawn(|| snap.claims(opts).len());
            s.spawn(|| snap.contradictions(&self.desk).len());
            s.spawn(|| snap.patrons(&self.desk).len());
        });
        if let Ok(mut cur) = self.current.lock() {
            *cur = Some(snap.clone());
        }
        Ok(snap)
    }
}
