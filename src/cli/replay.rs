//! `canon replay`: connect the blocks of Core block files from genesis,
//! with every rule, and report the tip.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use canon::chain::{read_block_file, ChainError, Chainstate};
use canon::primitives::{Block, BlockHash};
use canon::validation::BlockError;
use clap::ValueEnum;

use canon::params::{consensus_params, Network};

/// A network, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetworkArg {
    /// The main network.
    Main,
    /// Testnet version 3.
    Testnet3,
    /// Testnet version 4.
    Testnet4,
    /// The default signet.
    Signet,
    /// Regression test.
    Regtest,
}

impl NetworkArg {
    /// The library's network.
    pub fn network(self) -> Network {
        match self {
            NetworkArg::Main => Network::Main,
            NetworkArg::Testnet3 => Network::Testnet3,
            NetworkArg::Testnet4 => Network::Testnet4,
            NetworkArg::Signet => Network::Signet,
            NetworkArg::Regtest => Network::Regtest,
        }
    }
}

/// Blocks of data kept below the tip, as Core's pruning keeps at least.
const KEEP_BLOCKS: u32 = 288;

/// Replays `files` in order and prints the tip; an invalid block stops the
/// replay with exit status 1. Blocks whose parent comes later in the files
/// wait for it, as Core's `-loadblock` does.
pub fn run(network: NetworkArg, files: &[PathBuf]) -> Result<ExitCode, String> {
    let params = consensus_params(network.network());
    let magic = params.message_start;
    let mut replay = Replay {
        chain: Chainstate::new(params),
        waiting: HashMap::new(),
        processed: 0,
        progress: std::io::stderr().is_terminal(),
    };
    for file in files {
        let bytes =
            std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let blocks =
            read_block_file(&bytes, magic).map_err(|e| format!("{}: {e}", file.display()))?;
        for block in blocks {
            if let Err(failure) = replay.offer(block) {
                replay.end_progress();
                super::print_out(&failure);
                return Ok(ExitCode::FAILURE);
            }
        }
    }
    replay.end_progress();
    let waiting: usize = replay.waiting.values().map(Vec::len).sum();
    if waiting > 0 {
        let parents: Vec<String> = replay.waiting.keys().map(ToString::to_string).collect();
        return Err(format!(
            "{waiting} blocks never connected: their parents are missing ({})",
            parents.join(", ")
        ));
    }
    let chain = &replay.chain;
    super::print_out(&format!(
        "height {}\nhash {}\nutxos {}\nutxo_hash {}\n",
        chain.height(),
        chain.tip().hash,
        chain.utxos().len(),
        hex::encode(chain.utxos().utxo_hash()),
    ));
    Ok(ExitCode::SUCCESS)
}

/// A replay in progress.
struct Replay {
    chain: Chainstate,
    /// Blocks whose parent has not been seen, by parent.
    waiting: HashMap<BlockHash, Vec<Block>>,
    processed: u64,
    progress: bool,
}

impl Replay {
    /// Processes a block and any block waiting for it; an invalid block is
    /// the replay's end, described.
    fn offer(&mut self, block: Block) -> Result<(), String> {
        let mut queue = vec![block];
        while let Some(block) = queue.pop() {
            let hash = block.block_hash();
            if hash == self.chain.params().genesis_hash {
                continue;
            }
            match self.chain.process_new_block(&block) {
                Ok(processed) => {
                    if let Some((bad, error)) = processed.invalid.first() {
                        let height = self
                            .chain
                            .index()
                            .lookup(bad)
                            .map(|id| self.chain.index().get(id).height);
                        return Err(describe(height, bad, &error.reject_reason(), error));
                    }
                    queue.extend(self.waiting.remove(&hash).unwrap_or_default());
                    self.tick();
                }
                Err(ChainError::MissingPrev { prev, .. }) => {
                    self.waiting.entry(prev).or_default().push(block);
                }
                Err(error) => {
                    let parent = self.chain.index().lookup(&block.header.prev_blockhash);
                    let height = parent.map(|id| self.chain.index().get(id).height + 1);
                    return Err(describe_chain_error(height, &error));
                }
            }
        }
        Ok(())
    }

    /// Counts a block, shows progress, and drops old block data.
    fn tick(&mut self) {
        self.processed += 1;
        if self.processed % 1000 == 0 {
            self.chain.prune_block_data(KEEP_BLOCKS);
            if self.progress {
                eprint!("\rreplaying: height {}", self.chain.height());
                let _ = std::io::stderr().flush();
            }
        }
    }

    fn end_progress(&self) {
        if self.progress && self.processed >= 1000 {
            eprintln!();
        }
    }
}

fn describe(height: Option<u32>, hash: &BlockHash, reason: &str, error: &BlockError) -> String {
    let height = height.map_or_else(|| "?".to_string(), |h| h.to_string());
    format!("invalid block at height {height}\nhash {hash}\nreason {reason}\ndetail {error}\n")
}

fn describe_chain_error(height: Option<u32>, error: &ChainError) -> String {
    let height = height.map_or_else(|| "?".to_string(), |h| h.to_string());
    format!(
        "invalid block at height {height}\nhash {}\nreason {}\ndetail {error}\n",
        error.hash(),
        error.reject_reason()
    )
}
