//! Promotion of a finding of any target: minimise, file under
//! `regressions/<target>/`, and for a `diff_script_core` finding also write
//! a canon script vector with Core's verdict under `vectors/regressions/`.

use std::path::{Path, PathBuf};

use canon::conformance::script_vectors::ScriptVector;
use canon::fuzz_targets::promote::{
    fails, minimise, regression_name, write_regression, write_script_vectors,
};

use crate::diff_script_core::{build, canon_verdict, core_verdict, read_case};

/// What promotion wrote.
#[derive(Debug)]
pub struct Promoted {
    /// The size of the input before and after minimisation.
    pub sizes: (usize, usize),
    /// The regression input.
    pub regression: PathBuf,
    /// The script vector file, for script findings with an oracle verdict.
    pub vectors: Option<PathBuf>,
}

/// Promotes `data`, a failing input of `target`.
///
/// # Errors
/// An unknown target, an input that does not fail, or an I/O error.
pub fn promote(
    fuzz_dir: &Path,
    vectors_dir: &Path,
    target: &str,
    data: &[u8],
) -> Result<Promoted, String> {
    let logic = crate::target(target).ok_or_else(|| format!("no target called {target}"))?;
    if !fails(logic, data) {
        return Err(format!(
            "the input does not fail {target}: nothing to promote"
        ));
    }
    let small = minimise(data, &mut |d: &[u8]| fails(logic, d));
    let regression = write_regression(fuzz_dir, target, &small)?;
    let vectors = if target == "diff_script_core" {
        let case = read_case(&small).ok_or("the minimised input no longer reads as a case")?;
        let built = build(&case);
        let flags = case.verify_flags();
        let core = core_verdict(&built.spend, std::slice::from_ref(&built.spent), 0, flags);
        let canon = canon_verdict(&built, flags);
        let vector = ScriptVector::new(
            format!("{target}-{}", regression_name(&small)),
            format!(
                "canon said {canon:?}, Bitcoin Core (libbitcoinconsensus) said {}; case {case:?}",
                if core { "OK" } else { "FAIL" }
            ),
            &built.spend,
            0,
            std::slice::from_ref(&built.spent),
            flags,
            if core { "OK".into() } else { "FAIL".into() },
        );
        Some(write_script_vectors(
            vectors_dir,
            target,
            &small,
            vec![vector],
        )?)
    } else {
        None
    };
    Ok(Promoted {
        sizes: (data.len(), small.len()),
        regression,
        vectors,
    })
}
