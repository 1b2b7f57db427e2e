//! Stable fingerprints of built files (FNV-1a over their names and contents): the
//! app's folder name, and the service worker's cache version.

use std::path::Path;

use crate::collect;

/// A stable fingerprint of the files under `dir`, their names and contents.
pub fn fingerprint(dir: &Path) -> u64 {
    Fnv::of(dir, &names_under(dir)).0
}

/// Every file under `dir`, by its path from there with `/` between folders, sorted.
pub fn names_under(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect(dir, &mut files);
    let mut names: Vec<String> = files
        .iter()
        .filter_map(|f| f.strip_prefix(dir).ok())
        .map(|f| f.to_string_lossy().replace('\\', "/"))
        .collect();
    names.sort();
    names
}

/// FNV-1a, 64 bits: a stable fingerprint of the build (not for security).
pub struct Fnv(pub u64);

impl Fnv {
    /// Of `names` (under `dir`) and their contents.
    pub fn of(dir: &Path, names: &[String]) -> Fnv {
        let mut hash = Fnv::default();
        for name in names {
            hash.write(name.as_bytes());
            hash.write(&std::fs::read(dir.join(name)).unwrap_or_default());
        }
        hash
    }
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
