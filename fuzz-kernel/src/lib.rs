//! `diff_chain_core`: canon's chain state against Bitcoin Core's kernel, one
//! step at a time.
//!
//! The input is read as a sequence of operations, each of which builds one
//! block (or header) on regtest: spends of random existing outputs, and the
//! mutations blocks are attacked with (an unknown parent, a bad merkle
//! root, a duplicated transaction tail, a duplicate input, an overspend, a
//! premature coinbase spend, a bad witness commitment, a signature
//! operation count at the limit, a bad signature, an overpaying coinbase, a wrong BIP-0034 height,
//! an old version, timestamp games), on the tip or on any known block (side
//! chains and reorganisations), or a header alone, or a block fed again.
//! Each is fed to canon (`chain_vectors::feed`) and to the kernel (the
//! adapter's `KernelChain`); after every step both must report the same
//! result (`accepted`, `rejected`, `mutated`, `orphan`), the same reason
//! (when the kernel reports one) and the same tip.
//!
//! Both start from the same 110-block prefix (ten mature coinbases), built
//! once per process. Every run gets a fresh kernel chainstate, so a run is a
//! pure function of its input.

#![forbid(unsafe_code)]

use std::sync::{Once, OnceLock};

use canon::chain::{BlockBuilder, Chainstate, TestKey, TxBuilder, Unlock};
use canon::conformance::chain_vectors::{feed, feed_traced, Feed, StepOutcome};
use canon::encoding::Encode;
use canon::params::{consensus_params, Network};
use canon::primitives::{Block, OutPoint, Transaction, TxOut};
use canon::validation::{coinbase_height_script, median_time_past, COINBASE_MATURITY};
use canon_core_kernel_adapter::chain::{connect_log, KernelChain, Outcome, StepResult, Tip};

pub mod promote;

/// Blocks mined before the operations.
pub const PREFIX_BLOCKS: usize = 110;
/// Operations read from one input at most.
pub const MAX_STEPS: usize = 10;

/// The prefix, built once: canon's chain after it, its blocks, and canon's
/// outcome of each.
struct Prefix {
    chain: Chainstate,
    blocks: Vec<Vec<u8>>,
    outcomes: Vec<StepOutcome>,
}

fn prefix() -> &'static Prefix {
    static PREFIX: OnceLock<Prefix> = OnceLock::new();
    PREFIX.get_or_init(|| {
        let params = consensus_params(Network::Regtest);
        let mut chain = Chainstate::new(params);
        let (mut blocks, mut outcomes) = (Vec::new(), Vec::new());
        for _ in 0..PREFIX_BLOCKS {
            let tip = chain.tip();
            let block = BlockBuilder::new(
                tip.hash,
                tip.height + 1,
                tip.header.time + 600,
                key().p2wpkh(),
                chain.params(),
            )
            .build(chain.params());
            let step = feed(&mut chain, &Feed::Block(block.clone()));
            assert_eq!(step.result, "accepted", "prefix block");
            blocks.push(block.to_bytes());
            outcomes.push(step);
        }
        Prefix {
            chain,
            blocks,
            outcomes,
        }
    })
}

fn key() -> TestKey {
    TestKey::new(0)
}

/// The fuzz input, read a byte at a time (zeros once exhausted).
struct Input<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn index(&mut self, len: usize) -> usize {
        let n = usize::from(self.byte()) << 8 | usize::from(self.byte());
        if len == 0 {
            0
        } else {
            n % len
        }
    }

    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }
}

/// The mutations an operation applies to the block it builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mutation {
    None,
    BadMerkleRoot,
    DuplicateTail,
    DuplicateInput,
    Overspend,
    PrematureSpend,
    BadWitnessCommitment,
    SigopsAtLimit,
    BadSignature,
    CoinbaseTooMuch,
    BadHeight,
    OldVersion,
    Timestamp,
    HeaderOnly,
    Refeed,
    Orphan,
}

const MUTATIONS: [Mutation; 16] = [
    Mutation::Orphan,
    Mutation::BadMerkleRoot,
    Mutation::DuplicateTail,
    Mutation::DuplicateInput,
    Mutation::Overspend,
    Mutation::PrematureSpend,
    Mutation::BadWitnessCommitment,
    Mutation::SigopsAtLimit,
    Mutation::BadSignature,
    Mutation::CoinbaseTooMuch,
    Mutation::BadHeight,
    Mutation::OldVersion,
    Mutation::Timestamp,
    Mutation::HeaderOnly,
    Mutation::Refeed,
    Mutation::None,
];

/// The target's logic: panics when canon and Core disagree.
pub fn diff_chain_core(data: &[u8]) {
    run(data);
}

/// Runs the operations of `data` on both sides, panicking when they
/// disagree; returns canon's (equal to Core's) outcome of each step.
pub fn run(data: &[u8]) -> Vec<StepOutcome> {
    let observed = observe(data);
    for (step, seen) in observed.iter().enumerate() {
        compare(step, &seen.item, &seen.canon, &seen.core, &seen.core_tip);
    }
    observed.into_iter().map(|seen| seen.canon).collect()
}

/// One step as each side saw it.
pub struct Observed {
    /// What was fed.
    pub item: Feed,
    /// canon's outcome.
    pub canon: StepOutcome,
    /// The rule that made canon refuse it, if it did.
    pub canon_rule: Option<&'static str>,
    /// Core's outcome.
    pub core: Outcome,
    /// Core's tip after the step.
    pub core_tip: Tip,
}

/// Runs the operations of `data` on both sides and records every step,
/// without judging them.
pub fn observe(data: &[u8]) -> Vec<Observed> {
    static LOG: Once = Once::new();
    // The kernel's log stays connected for the life of the process.
    LOG.call_once(|| std::mem::forget(connect_log().expect("kernel log")));
    let prefix = prefix();
    let mut canon = prefix.chain.clone();
    let kernel = KernelChain::new().expect("a kernel chainstate");
    for block in &prefix.blocks {
        assert_eq!(kernel.block(block).result, StepResult::Accepted);
    }
    let mut fed: Vec<Block> = Vec::new();
    let mut observed = Vec::new();
    let mut input = Input { data, pos: 0 };
    for _ in 0..MAX_STEPS {
        if input.done() {
            break;
        }
        let item = next_feed(&mut input, &canon, &fed);
        let (canon_outcome, canon_rule) = feed_traced(&mut canon, &item);
        let core = match &item {
            Feed::Block(block) => kernel.block(&block.to_bytes()),
            Feed::Header(header) => kernel.header(&header.to_bytes()),
        };
        if let Feed::Block(block) = &item {
            fed.push(block.clone());
        }
        observed.push(Observed {
            item,
            canon: canon_outcome,
            canon_rule,
            core,
            core_tip: kernel.tip(),
        });
    }
    observed
}

/// The prefix's blocks, hex, in order, each with canon's outcome (every
/// one `accepted`; Core accepts each at the start of every run).
pub fn prefix_steps() -> Vec<(String, StepOutcome)> {
    let prefix = prefix();
    let blocks = prefix.blocks.iter().map(hex::encode);
    blocks.zip(prefix.outcomes.iter().cloned()).collect()
}

fn compare(step: usize, item: &Feed, want: &StepOutcome, got: &Outcome, tip: &Tip) {
    let what = || match item {
        Feed::Block(block) => format!("block {}", hex::encode(block.to_bytes())),
        Feed::Header(header) => format!("header {}", hex::encode(header.to_bytes())),
    };
    assert_eq!(
        want.result,
        got.result.as_str(),
        "step {step}: canon {want:?}, Core {got:?}; {}",
        what()
    );
    if let (Some(canon_reason), Some(core_reason)) = (&want.reason, &got.reason) {
        assert_eq!(canon_reason, core_reason, "step {step} reason; {}", what());
    }
    assert_eq!(
        (want.tip.hash.as_str(), i64::from(want.tip.height)),
        (tip.hash.as_str(), i64::from(tip.height)),
        "step {step} tip: canon {want:?}, Core {got:?} {tip:?}; {}",
        what()
    );
}

/// Builds the next block or header from the input.
fn next_feed(input: &mut Input, canon: &Chainstate, fed: &[Block]) -> Feed {
    let mutation = match input.byte() {
        n if n < 96 => Mutation::None,
        n => MUTATIONS[usize::from(n - 96) % MUTATIONS.len()],
    };
    if mutation == Mutation::Refeed && !fed.is_empty() {
        return Feed::Block(fed[input.index(fed.len())].clone());
    }
    // A side branch from any known block a quarter of the time.
    let index = canon.index();
    let parent = if input.byte() < 64 {
        index.ids().nth(input.index(index.len())).unwrap_or(0)
    } else {
        index.lookup(&canon.tip().hash).unwrap_or(0)
    };
    let entry = index.get(parent);
    let params = canon.params();
    let mut builder = BlockBuilder::new(
        entry.hash,
        entry.height + 1,
        entry.header.time + 600,
        key().p2wpkh(),
        params,
    );
    let coins = spendable(
        canon,
        entry.height + 1,
        mutation == Mutation::PrematureSpend,
    );
    let spends = usize::from(input.byte() % 4);
    let mut used: Vec<OutPoint> = Vec::new();
    for _ in 0..spends {
        let Some((outpoint, out)) = pick(input, &coins, &used) else {
            break;
        };
        used.push(outpoint);
        let fee = i64::from(input.byte()) * 100;
        let tx = spend(
            &[(outpoint, out.clone())],
            out.value - fee,
            1 + input.byte() % 2,
        );
        builder.add(tx, fee);
    }
    apply_to_builder(input, mutation, &mut builder, &coins, &used);
    if mutation == Mutation::Timestamp {
        let mtp = median_time_past(&index.view(parent));
        builder.time = match input.byte() % 4 {
            0 => mtp as u32,
            1 => mtp as u32 + 1,
            2 => entry
                .header
                .time
                .saturating_sub(1 + u32::from(input.byte())),
            _ => u32::MAX - u32::from(input.byte()),
        };
    }
    let mut block = builder.assemble(params);
    apply_to_block(input, mutation, &mut block);
    canon::chain::mine(&mut block.header, params);
    match mutation {
        Mutation::HeaderOnly => Feed::Header(block.header),
        _ => Feed::Block(block),
    }
}

/// The coins the block at `height` may spend: mature ones, or only
/// immature coinbases for a premature spend. In outpoint order.
fn spendable(canon: &Chainstate, height: u32, premature: bool) -> Vec<(OutPoint, TxOut)> {
    let mut coins: Vec<(OutPoint, TxOut)> = canon
        .utxos()
        .iter()
        .filter(|(_, coin)| coin.output.script_pubkey == key().p2wpkh())
        .filter(|(_, coin)| {
            let mature =
                !coin.is_coinbase || height.saturating_sub(coin.height) >= COINBASE_MATURITY;
            mature != premature
        })
        .map(|(outpoint, coin)| (*outpoint, coin.output.clone()))
        .collect();
    coins.sort_by_key(|(outpoint, _)| *outpoint);
    coins
}

fn pick(
    input: &mut Input,
    coins: &[(OutPoint, TxOut)],
    used: &[OutPoint],
) -> Option<(OutPoint, TxOut)> {
    let free: Vec<&(OutPoint, TxOut)> = coins.iter().filter(|(o, _)| !used.contains(o)).collect();
    (!free.is_empty()).then(|| free[input.index(free.len())].clone())
}

/// A signed spend of `inputs` paying `value` to the key in `outputs` parts.
fn spend(inputs: &[(OutPoint, TxOut)], value: i64, outputs: u8) -> Transaction {
    let mut builder = TxBuilder::new();
    for (outpoint, out) in inputs {
        builder = builder.input(*outpoint, out.clone(), Unlock::P2wpkh(key()));
    }
    let part = value / i64::from(outputs);
    for i in 0..i64::from(outputs) {
        let amount = if i == 0 {
            value - part * (i64::from(outputs) - 1)
        } else {
            part
        };
        builder = builder.output(amount, key().p2wpkh());
    }
    builder.build()
}

/// The mutations made while the block is being built.
fn apply_to_builder(
    input: &mut Input,
    mutation: Mutation,
    builder: &mut BlockBuilder,
    coins: &[(OutPoint, TxOut)],
    used: &[OutPoint],
) {
    match mutation {
        Mutation::DuplicateInput | Mutation::Overspend | Mutation::BadSignature => {
            let Some((outpoint, out)) = pick(input, coins, used) else {
                return;
            };
            let tx = match mutation {
                Mutation::DuplicateInput => spend(
                    &[(outpoint, out.clone()), (outpoint, out.clone())],
                    out.value,
                    1,
                ),
                Mutation::Overspend => spend(
                    &[(outpoint, out.clone())],
                    out.value + 1 + i64::from(input.byte()),
                    1,
                ),
                _ => {
                    let mut tx = spend(&[(outpoint, out.clone())], out.value - 1000, 1);
                    let item = &mut tx.inputs[0].witness.stack[0];
                    let at = input.index(item.len());
                    item[at] ^= 1 | input.byte();
                    tx
                }
            };
            builder.add(tx, 0);
        }
        Mutation::PrematureSpend => {
            if let Some((outpoint, out)) = pick(input, coins, used) {
                builder.add(spend(&[(outpoint, out.clone())], out.value - 1000, 1), 1000);
            }
        }
        Mutation::SigopsAtLimit => {
            // 20,000 legacy sigops cost 80,000, the limit; the inputs'
            // witness sigops come on top.
            let count = 19_990 + usize::from(input.byte() % 20);
            builder.payout = vec![0xac; count];
        }
        Mutation::CoinbaseTooMuch => builder.fees += 1 + i64::from(input.byte()),
        Mutation::BadHeight => {
            let mut script = coinbase_height_script(builder.height + 1 + u32::from(input.byte()));
            script.push(0);
            builder.coinbase_script_sig = Some(script);
        }
        Mutation::OldVersion => builder.version = i32::from(input.byte() % 4),
        Mutation::Orphan => builder.prev.0 = [input.byte() | 1; 32],
        _ => {}
    }
}

/// The mutations made to the assembled block (before mining).
fn apply_to_block(input: &mut Input, mutation: Mutation, block: &mut Block) {
    match mutation {
        Mutation::BadMerkleRoot => block.header.merkle_root.0[usize::from(input.byte() % 32)] ^= 1,
        Mutation::DuplicateTail => {
            // CVE-2012-2459: the same merkle root with a repeated tail.
            let n = block.transactions.len();
            let tail = if n % 2 == 1 { n - 1 } else { n - 2 };
            let repeated: Vec<Transaction> = block.transactions[tail..].to_vec();
            block.transactions.extend(repeated);
        }
        Mutation::BadWitnessCommitment => {
            let coinbase = &mut block.transactions[0];
            if let Some(last) = coinbase.outputs.last_mut() {
                if let Some(byte) = last.script_pubkey.last_mut() {
                    *byte ^= 1 | input.byte();
                }
            }
            block.header.merkle_root = block.compute_merkle_root().root;
        }
        _ => {}
    }
}

/// Seed inputs: for every mutation, two valid blocks on the tip, then the
/// mutation on the tip, then one on a side branch; and inputs of
/// pseudo-random bytes. `tests/replay.rs` runs them all; `examples/seeds.rs`
/// writes them as a corpus.
pub fn seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for m in 0..MUTATIONS.len() as u8 {
        let mutation = 96 + m;
        // [mutation, parent, spends, (coin hi, coin lo, fee, outputs)*, ...]
        let valid = [0, 200, 1, 0, 1, 10, 1];
        let mut seed = Vec::new();
        seed.extend_from_slice(&valid);
        seed.extend_from_slice(&valid);
        seed.extend_from_slice(&[mutation, 200, 1, 0, 2, 20, 2, 7, 3, 5, 1, 9]);
        seed.extend_from_slice(&[mutation, 10, 0, 3, 2, 1, 4, 4, 8, 1, 2, 3]);
        seeds.push(seed);
    }
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    for len in [24usize, 48, 64, 96] {
        for _ in 0..4 {
            let seed = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state >> 24) as u8
                })
                .collect();
            seeds.push(seed);
        }
    }
    seeds
}
