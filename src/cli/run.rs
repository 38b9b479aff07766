//! `canon run`: the vector runner, judging canon itself or, with `--impl`,
//! another implementation through its adapter.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use canon::conformance::adapter_client::AdapterEngine;
use canon::conformance::{files_under, run_file_with, tally, CanonEngine, Engine, Report, Verdict};

use super::progress::Progress;

/// What `canon run` was asked to do.
pub struct Options {
    /// Vector files or directories.
    pub paths: Vec<PathBuf>,
    /// Print passing cases too.
    pub verbose: bool,
    /// The adapter command, when judging another implementation.
    pub implementation: Option<String>,
    /// The per-request timeout for the adapter.
    pub timeout: Duration,
    /// Print the report as JSON.
    pub json: bool,
    /// Fail cases whose reason alone differs, with `--impl` too.
    pub strict_reasons: bool,
}

/// Runs every path, prints the report and returns 1 when anything failed.
pub fn run(options: &Options) -> Result<ExitCode, String> {
    let mut report = Report::new();
    let mut files = Vec::new();
    for path in &options.paths {
        match files_under(path) {
            Ok(found) if found.is_empty() => report.check(
                &path.display().to_string(),
                "directory",
                Err("no .json or .csv vector files found".into()),
            ),
            Ok(found) => files.extend(found),
            Err(e) => report.check(
                &path.display().to_string(),
                "directory",
                Err(format!("cannot read directory: {e}")),
            ),
        }
    }
    let mut canon_engine = CanonEngine::new();
    let mut adapter = None;
    let engine: &mut dyn Engine = match &options.implementation {
        None => &mut canon_engine,
        Some(command) => {
            report.lenient_reasons = !options.strict_reasons;
            let mut started = AdapterEngine::new(command, options.timeout);
            if let Err(why) = started.start() {
                eprintln!("canon: the adapter did not start cleanly ({why}); it is restarted for each request");
            }
            adapter.insert(started)
        }
    };
    let name = engine.name();
    let show_progress = std::io::stderr().is_terminal();
    let mut progress = Progress::new(engine, files.len(), show_progress);
    for file in &files {
        progress.start_file(&file.display().to_string());
        run_file_with(file, &mut progress, &mut report);
        progress.finish_file();
    }
    progress.clear();
    drop(progress);
    if options.json {
        let mut json = tally::to_json(&report, &name);
        if let Some(adapter) = &adapter {
            json["adapter"] = adapter_json(adapter);
        }
        let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
        super::print_out(&format!("{text}\n"));
        eprintln!("{}", report.summary_line());
    } else {
        super::print_out(&render(&report, options, &name, adapter.as_ref()));
    }
    Ok(if report.failed() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn render(
    report: &Report,
    options: &Options,
    name: &str,
    adapter: Option<&AdapterEngine>,
) -> String {
    let mut text = String::new();
    if options.verbose {
        for r in report.results.iter().filter(|r| r.verdict == Verdict::Pass) {
            text.push_str(&format!("PASS {} [{}]\n", r.file, r.case));
        }
    }
    if let Some(adapter) = adapter {
        let total = tally::total(report);
        let s = adapter.stats;
        text.push_str(&format!(
            "engine: {name}; adapter started {} times: {} crashes, {} timeouts, {} garbage answers, {} requests not sent\n",
            s.starts, s.crashes, s.timeouts, s.garbage, s.not_sent
        ));
        text.push_str(&format!(
            "verdicts: {} agree, {} differ, {} skipped; reasons (where the vector names one): {} agree, {} differ, {} not reported{}\n",
            total.verdict_agree,
            total.verdict_differ,
            total.skipped,
            total.reason_agree,
            total.reason_differ,
            total.reason_unreported,
            if report.lenient_reasons { " (a reason difference alone does not fail a case; --strict-reasons to fail it)" } else { "" },
        ));
    }
    text.push_str(&report.render());
    text
}

fn adapter_json(adapter: &AdapterEngine) -> serde_json::Value {
    let s = adapter.stats;
    let hello = adapter.hello();
    serde_json::json!({
        "name": hello.name,
        "kinds": hello.kinds,
        "script_flags": hello.script_flags,
        "reasons": hello.reasons,
        "starts": s.starts,
        "crashes": s.crashes,
        "timeouts": s.timeouts,
        "garbage": s.garbage,
        "not_sent": s.not_sent,
    })
}
