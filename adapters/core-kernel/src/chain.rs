//! A regtest chainstate of Bitcoin Core's kernel, fed blocks and headers one
//! step at a time, with what became of each step.
//!
//! The kernel does not say through `process_block`'s return value what became
//! of a block (a block that fails when connected still returns `NewBlock`).
//! Its fate is read from the `block_checked` validation callback, which Core
//! calls (synchronously, `ValidationSignals::BlockChecked`) for a block that
//! `ProcessNewBlock` refuses and for every block `ConnectTip` tries to
//! connect: the report whose block hash is this step's block decides. The
//! reject reason is read from the log (see `reason.rs`).
//!
//! The callbacks run inside the kernel and need shared, thread-safe state:
//! this adapter (unlike canon's library) uses `Arc<Mutex<_>>` for them.

use std::sync::{Arc, Mutex};

use bitcoinkernel::prelude::*;
use bitcoinkernel::{
    Block, BlockHeader, BlockValidationResult, ChainType, ChainstateManager, Context,
    ContextBuilder, Log, LogCategory, LogLevel, Logger, ProcessBlockHeaderResult,
    ProcessBlockResult, ValidationMode,
};

use crate::{display_hex, reason};

/// The log lines the kernel printed since the last step began.
static LOG_LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Keeps the kernel's log lines for reason parsing.
struct KeepLog;

impl Log for KeepLog {
    fn log(&self, message: &str) {
        if let Ok(mut lines) = LOG_LINES.lock() {
            lines.push(message.trim_end().to_string());
        }
    }
}

/// Connects the kernel's log to this module (once per process; keep the
/// logger alive as long as chains are used). Validation messages at debug
/// level are where header reject reasons are; every other category stays
/// at the default level.
///
/// # Errors
/// The kernel refused the logging connection.
pub fn connect_log() -> Result<Logger, String> {
    let logger = Logger::new(KeepLog).map_err(|e| format!("kernel logger: {e}"))?;
    logger.set_level_category(LogCategory::Validation, LogLevel::Debug);
    logger.enable_category(LogCategory::Validation);
    Ok(logger)
}

/// What a step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepResult {
    /// Stored, and valid as far as it was checked.
    Accepted,
    /// Found invalid.
    Rejected,
    /// Refused as mutated (`BLOCK_MUTATED`): its data does not match its
    /// header.
    Mutated,
    /// Refused: its parent is unknown (`BLOCK_MISSING_PREV`).
    Orphan,
}

impl StepResult {
    /// The protocol's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            StepResult::Accepted => "accepted",
            StepResult::Rejected => "rejected",
            StepResult::Mutated => "mutated",
            StepResult::Orphan => "orphan",
        }
    }

    fn of(result: BlockValidationResult) -> StepResult {
        match result {
            BlockValidationResult::Mutated => StepResult::Mutated,
            BlockValidationResult::MissingPrev => StepResult::Orphan,
            _ => StepResult::Rejected,
        }
    }
}

/// A step's outcome: the result and, when Core gave one, the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// What the step did.
    pub result: StepResult,
    /// Core's reject reason, when not accepted and known.
    pub reason: Option<String>,
}

/// The active chain's tip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tip {
    /// Display hex.
    pub hash: String,
    /// Its height.
    pub height: i32,
}

/// One `block_checked` report: the block's hash (internal order) and
/// whether its state is invalid, with the result category.
type Checked = ([u8; 32], bool, BlockValidationResult);

/// A regtest chainstate in a fresh temporary directory (removed on drop).
pub struct KernelChain {
    chainman: ChainstateManager,
    // Dropped after the chainstate manager, which was made from it.
    _context: Context,
    checked: Arc<Mutex<Vec<Checked>>>,
    // Last: removed after the kernel has closed its files.
    _dir: TempDir,
}

/// A directory removed on drop.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl KernelChain {
    /// A fresh regtest chain holding the genesis block only.
    ///
    /// # Errors
    /// The temporary directory or the kernel's context or chainstate could
    /// not be made.
    pub fn new() -> Result<KernelChain, String> {
        static CHAINS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = CHAINS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("canon-core-kernel-{}-{n}", std::process::id()));
        let (data, blocks) = (dir.join("data"), dir.join("blocks"));
        let dir = TempDir(dir);
        std::fs::create_dir_all(&blocks).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
        let checked = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&checked);
        let context = ContextBuilder::new()
            .chain_type(ChainType::Regtest)
            .with_block_checked_validation(
                move |block: Block, state: bitcoinkernel::BlockValidationStateRef<'_>| {
                    if let Ok(mut reports) = seen.lock() {
                        reports.push((
                            block.hash().to_bytes(),
                            state.mode() != ValidationMode::Valid,
                            state.result(),
                        ));
                    }
                },
            )
            .build()
            .map_err(|e| format!("kernel context: {e}"))?;
        let chainman = ChainstateManager::builder(
            &context,
            data.to_str().ok_or("temp dir is not UTF-8")?,
            blocks.to_str().ok_or("temp dir is not UTF-8")?,
        )
        .and_then(|b| {
            b.block_tree_db_in_memory(true)
                .chainstate_db_in_memory(true)
                .build()
        })
        .map_err(|e| format!("kernel chainstate: {e}"))?;
        Ok(KernelChain {
            chainman,
            _context: context,
            checked,
            _dir: dir,
        })
    }

    /// Feeds a whole block (`ProcessNewBlock`).
    pub fn block(&self, bytes: &[u8]) -> Outcome {
        self.begin();
        let Ok(block) = Block::new(bytes) else {
            return Outcome {
                result: StepResult::Rejected,
                reason: Some("block does not decode".into()),
            };
        };
        let hash = block.hash().to_bytes();
        let returned = self.chainman.process_block(&block);
        let mine = self.checked.lock().ok().and_then(|reports| {
            reports
                .iter()
                .rev()
                .find(|(h, _, _)| *h == hash)
                .map(|&(_, invalid, result)| (invalid, result))
        });
        let (result, category) = match (mine, returned) {
            (Some((true, category)), _) => (StepResult::of(category), Some(category)),
            // Refused without a report: not a validity verdict Core
            // signals; report what the log says.
            (None, ProcessBlockResult::Rejected) => (StepResult::Rejected, None),
            _ => {
                return Outcome {
                    result: StepResult::Accepted,
                    reason: None,
                }
            }
        };
        let lines = take_log();
        let reason = reason::for_block(&lines, &display_hex(hash))
            .or_else(|| category.and_then(reason::implied).map(String::from));
        Outcome { result, reason }
    }

    /// Feeds a header alone (`ProcessNewBlockHeaders`).
    pub fn header(&self, bytes: &[u8]) -> Outcome {
        self.begin();
        let Ok(header) = BlockHeader::new(bytes) else {
            return Outcome {
                result: StepResult::Rejected,
                reason: Some("header does not decode".into()),
            };
        };
        let category = match self.chainman.process_block_header(&header) {
            Ok(ProcessBlockHeaderResult::Valid) => {
                return Outcome {
                    result: StepResult::Accepted,
                    reason: None,
                }
            }
            Ok(ProcessBlockHeaderResult::Invalid(state)) => state.result(),
            Err(e) => {
                return Outcome {
                    result: StepResult::Rejected,
                    reason: Some(format!("kernel error: {e}")),
                }
            }
        };
        let lines = take_log();
        let reason = reason::for_header(&lines, &display_hex(header.hash().to_bytes()))
            .or_else(|| reason::implied(category).map(String::from));
        Outcome {
            result: StepResult::of(category),
            reason,
        }
    }

    /// The active chain's tip.
    pub fn tip(&self) -> Tip {
        let tip = self.chainman.active_chain().tip();
        Tip {
            hash: display_hex(tip.block_hash().to_bytes()),
            height: tip.height(),
        }
    }

    fn begin(&self) {
        if let Ok(mut reports) = self.checked.lock() {
            reports.clear();
        }
        take_log();
    }
}

/// The log lines since the last call.
fn take_log() -> Vec<String> {
    LOG_LINES
        .lock()
        .map(|mut lines| std::mem::take(&mut *lines))
        .unwrap_or_default()
}

/// The display hash of the block (or header) whose serialization starts
/// `bytes`, when they hold a header.
pub fn block_hash(bytes: &[u8]) -> Option<String> {
    let header = BlockHeader::new(bytes.get(..80)?).ok()?;
    Some(display_hex(header.hash().to_bytes()))
}
