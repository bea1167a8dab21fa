//! A fast non-cryptographic hasher (the FxHash scheme) for the string tables
//! looked up on every token (the entities, time and events lexicons, the
//! surface forms) and for de-duplicating the lines of one input (ingest). It has no resistance to crafted collisions;
//! inputs are bounded in size, so the worst case stays bounded too.

use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: rotate, xor, multiply, eight bytes at a time.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.0 =
                (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `HashMap`/`HashSet` hasher builder for [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A `HashMap` keyed with [`FxHasher`].
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

/// A `HashSet` keyed with [`FxHasher`].
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_maps_work() {
        let mut m: FxHashMap<Box<str>, u16> = FxHashMap::default();
        m.insert("troops".into(), 3);
        m.insert("forces".into(), 5);
        assert_eq!(m.get("troops"), Some(&3));
        assert_eq!(m.get("forces"), Some(&5));
        assert_eq!(m.get("force"), None);
    }
}
