//! Recorded outputs (fingerprints of runs): what the code gives now must equal what is
//! on record; with `UPDATE_FINGERPRINTS=1` in the environment, the record is rewritten.
//! Shared by the determinism tests of `interleave-sim` and `interleave-lessons`.

/// Compares `actual` with the file at `path`, or rewrites the file.
pub fn compare_or_record(path: &str, actual: &str) {
    if std::env::var_os("UPDATE_FINGERPRINTS").is_some() {
        std::fs::write(path, actual).unwrap();
    } else {
        let recorded = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            recorded, actual,
            "fingerprints changed: if intended, rerun with UPDATE_FINGERPRINTS=1"
        );
    }
}
