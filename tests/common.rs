//! Shared test helpers.

use std::path::PathBuf;
use std::process::Output;

/// A path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Runs the indsats binary with `args`.
pub fn indsats(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_indsats"))
        .args(args)
        .output()
        .expect("the indsats binary runs")
}

/// stdout and stderr as text.
pub fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}
