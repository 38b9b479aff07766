//! A progress bar on stderr for `canon run`, drawn only on a terminal: an
//! engine wrapper that counts the requests passing through it.

use std::io::Write;
use std::time::{Duration, Instant};

use canon::conformance::engine::{
    BlockRequest, ChainRequest, DecodeRequest, ScriptRequest, SighashRequest, TxInContextRequest,
    TxRequest,
};
use canon::conformance::{Answer, Engine};
use canon::script::VerifyFlags;

/// How often the bar is redrawn.
const REDRAW: Duration = Duration::from_millis(100);
/// The bar's width in characters.
const BAR_WIDTH: usize = 24;

/// Wraps an engine and draws `[####    ] 3/7 files, 1234 requests, FILE`.
pub struct Progress<'e> {
    inner: &'e mut dyn Engine,
    files_total: usize,
    files_done: usize,
    file: String,
    requests: usize,
    broken: usize,
    last_draw: Option<Instant>,
    enabled: bool,
}

impl<'e> Progress<'e> {
    /// A bar over `files_total` files, drawn only when `enabled`.
    pub fn new(inner: &'e mut dyn Engine, files_total: usize, enabled: bool) -> Self {
        Progress {
            inner,
            files_total,
            files_done: 0,
            file: String::new(),
            requests: 0,
            broken: 0,
            last_draw: None,
            enabled,
        }
    }

    /// A file starts.
    pub fn start_file(&mut self, file: &str) {
        self.file = file.to_string();
        self.draw(true);
    }

    /// A file is done.
    pub fn finish_file(&mut self) {
        self.files_done += 1;
        self.draw(true);
    }

    /// Erases the bar.
    pub fn clear(&self) {
        if !self.enabled {
            return;
        }
        eprint!("\r\x1b[2K");
        let _ = std::io::stderr().flush();
    }

    fn counted(&mut self, answer: Answer) -> Answer {
        self.requests += 1;
        if matches!(answer, Answer::Broken(_)) {
            self.broken += 1;
        }
        self.draw(false);
        answer
    }

    fn draw(&mut self, now: bool) {
        let due = self.last_draw.is_none_or(|t| t.elapsed() >= REDRAW);
        if !self.enabled || !(now || due) {
            return;
        }
        self.last_draw = Some(Instant::now());
        let filled = (self.files_done * BAR_WIDTH)
            .checked_div(self.files_total)
            .unwrap_or(BAR_WIDTH);
        let bar = format!("{}{}", "#".repeat(filled), " ".repeat(BAR_WIDTH - filled));
        let broken = match self.broken {
            0 => String::new(),
            n => format!(", {n} without answer"),
        };
        let file: String = self
            .file
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        eprint!(
            "\r\x1b[2K[{bar}] {}/{} files, {} requests{broken}, {file}",
            self.files_done, self.files_total, self.requests
        );
        let _ = std::io::stderr().flush();
    }
}

impl Engine for Progress<'_> {
    fn name(&self) -> String {
        self.inner.name()
    }
    fn is_canon(&self) -> bool {
        self.inner.is_canon()
    }
    fn script_flags(&self) -> VerifyFlags {
        self.inner.script_flags()
    }
    fn decode(&mut self, id: &str, request: &DecodeRequest) -> Answer {
        let answer = self.inner.decode(id, request);
        self.counted(answer)
    }
    fn verify_script(&mut self, id: &str, request: &ScriptRequest) -> Answer {
        let answer = self.inner.verify_script(id, request);
        self.counted(answer)
    }
    fn check_transaction(&mut self, id: &str, request: &TxRequest) -> Answer {
        let answer = self.inner.check_transaction(id, request);
        self.counted(answer)
    }
    fn check_tx_in_context(&mut self, id: &str, request: &TxInContextRequest) -> Answer {
        let answer = self.inner.check_tx_in_context(id, request);
        self.counted(answer)
    }
    fn block(&mut self, id: &str, request: &BlockRequest) -> Answer {
        let answer = self.inner.block(id, request);
        self.counted(answer)
    }
    fn chain(&mut self, id: &str, request: &ChainRequest) -> Answer {
        let answer = self.inner.chain(id, request);
        self.counted(answer)
    }
    fn sighash(&mut self, id: &str, request: &SighashRequest) -> Answer {
        let answer = self.inner.sighash(id, request);
        self.counted(answer)
    }
}
