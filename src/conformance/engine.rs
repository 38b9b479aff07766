//! The questions a vector asks, and the engines that answer them.
//!
//! A runner never calls canon's rules directly: it turns each case into one
//! or more [`Request`]s and asks an [`Engine`]. [`CanonEngine`] answers with
//! canon's own code; an adapter process speaking the runner protocol
//! (`spec/runner-protocol.md`, [`super::adapter_client`]) answers for another
//! implementation. The runner then compares the [`Answer`] with what the
//! vector expects, so the same vectors judge canon, Bitcoin Core, or anyone.
//!
//! A question an engine cannot answer is [`Answer::Unsupported`] with a
//! reason; the case is then reported as skipped, never dropped.

use serde_json::{Map, Value};

use super::chain_vectors::ParamsOverride;
use super::decode_vectors::decode_facts;
pub use super::sighash_kind::SighashRequest;
use super::sighash_kind::{canon_answer, SighashMemo};
use crate::encoding::{Decode, Encode};
use crate::primitives::{Transaction, TxOut};
use crate::script::flags::ALL_FLAGS;
use crate::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use crate::sighash::PrecomputedTransactionData;
use crate::validation::check_transaction;

/// The facts an engine derives from decoded bytes (`txid`, `weight`, ...).
pub type Facts = Map<String, Value>;

/// Decode bytes as a transaction, block or header. Kind `decode`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeRequest {
    /// `"tx"`, `"block"` or `"header"`.
    pub object: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Verify one input's scripts. Kind `script`: the shape of Core's
/// `script_assets_test.json` cases (`tx`, `prevouts`, `index`, `flags`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRequest {
    /// The spending transaction, serialized (witness data allowed).
    pub tx: Vec<u8>,
    /// The output each input spends, one per input, in input order.
    pub prevouts: Vec<TxOut>,
    /// The input to verify.
    pub index: usize,
    /// The verification flags (a valid combination).
    pub flags: VerifyFlags,
}

impl ScriptRequest {
    /// The request for input `index` of `tx`.
    pub fn new(tx: &Transaction, prevouts: &[TxOut], index: usize, flags: VerifyFlags) -> Self {
        ScriptRequest {
            tx: tx.to_bytes(),
            prevouts: prevouts.to_vec(),
            index,
            flags,
        }
    }
}

/// Check a transaction without context (Core's `CheckTransaction`). Kind `tx`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxRequest {
    /// The transaction, serialized.
    pub tx: Vec<u8>,
}

/// A coin a `tx-in-context` transaction spends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpentCoin {
    /// The output: value and scriptPubKey.
    pub output: TxOut,
    /// The height of the block that created it.
    pub height: u32,
    /// Whether a coinbase created it.
    pub coinbase: bool,
    /// The median time past of the block before the coin's block, which a
    /// BIP-0068 time lock counts from; needed only by such locks.
    pub mtp_before: Option<i64>,
}

/// Check one non-coinbase transaction as part of a block. Kind
/// `tx-in-context` (see `validation::check_tx_in_context`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TxInContextRequest {
    /// The transaction, serialized.
    pub tx: Vec<u8>,
    /// The coin each input spends, in input order; `None`: no such coin.
    pub spent: Vec<Option<SpentCoin>>,
    /// The height of the block holding the transaction.
    pub height: u32,
    /// The median time past of that block's parent.
    pub mtp: i64,
    /// The script verification flags (BIP-0068 is enforced with
    /// `CHECKSEQUENCEVERIFY`).
    pub flags: VerifyFlags,
}

/// The chain a `block` or `chain` question starts from: a network's genesis
/// block, with parameters overridden or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStart {
    /// Core's name of the network (`regtest`).
    pub network: String,
    /// Overridden parameters; `None` for the network's own.
    pub params: Option<ParamsOverride>,
}

/// Connect one block on a prefix of valid blocks. Kind `block`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockRequest {
    /// Where the chain starts.
    pub start: ChainStart,
    /// The valid blocks before it, serialized, from the block after genesis.
    pub prefix: Vec<Vec<u8>>,
    /// The block, serialized.
    pub block: Vec<u8>,
}

/// One step of a `chain` question: block or header bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepBytes {
    /// A serialized block.
    Block(Vec<u8>),
    /// A serialized header.
    Header(Vec<u8>),
}

/// Feed blocks and headers in order and report each step. Kind `chain`.
/// The answer is [`Answer::Ok`] with the fact `steps`: one
/// [`StepOutcome`](super::chain_vectors::StepOutcome) object per step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainRequest {
    /// Where the chain starts.
    pub start: ChainStart,
    /// The steps, in order.
    pub steps: Vec<StepBytes>,
}

/// Any question, as sent over the runner protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Kind `decode`.
    Decode(DecodeRequest),
    /// Kind `script`.
    Script(ScriptRequest),
    /// Kind `tx`.
    Tx(TxRequest),
    /// Kind `tx-in-context`.
    TxInContext(TxInContextRequest),
    /// Kind `block`.
    Block(BlockRequest),
    /// Kind `chain`.
    Chain(ChainRequest),
    /// Kind `sighash`.
    Sighash(SighashRequest),
}

impl Request {
    /// The protocol's name for the question's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Decode(_) => "decode",
            Request::Script(_) => "script",
            Request::Tx(_) => "tx",
            Request::TxInContext(_) => "tx-in-context",
            Request::Block(_) => "block",
            Request::Chain(_) => "chain",
            Request::Sighash(_) => "sighash",
        }
    }
}

/// A reject reason: canon's token, and the engine's own words when an
/// adapter's reason mapping translated them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The reason in canon's vocabulary (Core's token).
    pub token: String,
    /// What the engine said, when it differs from `token`.
    pub raw: Option<String>,
}

/// An engine's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Accepted; for `decode`, with the facts derived.
    Ok(Facts),
    /// Rejected, with the reason when the engine reports one.
    Reject(Option<Reason>),
    /// The engine cannot answer this question; the text says why.
    Unsupported(String),
    /// The engine failed to answer: it crashed, hung, or answered garbage.
    Broken(String),
}

impl Answer {
    /// A rejection with canon's own token.
    pub fn reject(token: impl Into<String>) -> Answer {
        Answer::Reject(Some(Reason {
            token: token.into(),
            raw: None,
        }))
    }

    /// The verdict token runners print: `OK`, the reason, `reject` without
    /// one, or a description of an unsupported or broken answer.
    pub fn token(&self) -> String {
        match self {
            Answer::Ok(_) => "OK".into(),
            Answer::Reject(Some(reason)) => reason.token.clone(),
            Answer::Reject(None) => "reject (no reason given)".into(),
            Answer::Unsupported(why) => format!("unsupported ({why})"),
            Answer::Broken(why) => format!("no answer ({why})"),
        }
    }
}

/// An implementation that answers the questions vectors ask, one method per
/// kind. Each method defaults to [`Answer::Unsupported`].
pub trait Engine {
    /// The engine's name, for reports.
    fn name(&self) -> String;

    /// Whether answers come from canon itself. Formats the runner protocol
    /// has no kind for (base58, key_io, sighash) run only then.
    fn is_canon(&self) -> bool {
        false
    }

    /// The script flags the engine can verify under. A request with other
    /// flags is reduced or refused (see [`ask_script`]).
    fn script_flags(&self) -> VerifyFlags {
        ALL_FLAGS
            .iter()
            .fold(VerifyFlags::NONE, |all, (_, flag)| all.union(*flag))
    }

    /// Kind `decode`: the facts of the bytes, or the decode error's token.
    fn decode(&mut self, id: &str, request: &DecodeRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind decode".into())
    }

    /// Kind `script`: ok, or the script error's token.
    fn verify_script(&mut self, id: &str, request: &ScriptRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind script".into())
    }

    /// Kind `tx`: ok, or Core's reject reason.
    fn check_transaction(&mut self, id: &str, request: &TxRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind tx".into())
    }

    /// Kind `tx-in-context`: ok, or Core's reject reason.
    fn check_tx_in_context(&mut self, id: &str, request: &TxInContextRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind tx-in-context".into())
    }

    /// Kind `block`: ok when the block connects, or Core's reject reason.
    fn block(&mut self, id: &str, request: &BlockRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind block".into())
    }

    /// Kind `chain`: ok with the fact `steps`, one outcome per step.
    fn chain(&mut self, id: &str, request: &ChainRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind chain".into())
    }

    /// Kind `sighash`: ok with the fact `sighash` (hex, internal byte
    /// order), or the token of why the hash does not exist.
    fn sighash(&mut self, id: &str, request: &SighashRequest) -> Answer {
        let _ = (id, request);
        Answer::Unsupported("kind sighash".into())
    }
}

/// Asks `engine` any request.
pub fn ask(engine: &mut dyn Engine, id: &str, request: &Request) -> Answer {
    match request {
        Request::Decode(r) => engine.decode(id, r),
        Request::Script(r) => engine.verify_script(id, r),
        Request::Tx(r) => engine.check_transaction(id, r),
        Request::TxInContext(r) => engine.check_tx_in_context(id, r),
        Request::Block(r) => engine.block(id, r),
        Request::Chain(r) => engine.chain(id, r),
        Request::Sighash(r) => engine.sighash(id, r),
    }
}

/// Asks whether a script input verifies, when the vector says whether it
/// should (`expect_pass`).
///
/// An engine that cannot verify under some of the flags (libbitcoinkernel
/// knows only the consensus flags) is asked with the flags it knows, and
/// Core's monotonicity (which Core's own harness asserts: removing flags
/// never makes a passing input fail, adding flags never makes a failing one
/// pass) carries the answer over where it can:
/// - expected to pass: the answer under fewer flags must be a pass too;
/// - expected to fail: a rejection under fewer flags implies one under all
///   of them (its reason is dropped: it answers a different question); a
///   pass under fewer flags says nothing, so the question is
///   [`Answer::Unsupported`].
pub fn ask_script(
    engine: &mut dyn Engine,
    id: &str,
    request: &ScriptRequest,
    expect_pass: bool,
) -> Answer {
    let unknown = request.flags.without(engine.script_flags());
    if unknown == VerifyFlags::NONE {
        return engine.verify_script(id, request);
    }
    let reduced = ScriptRequest {
        flags: request.flags.without(unknown),
        ..request.clone()
    };
    match (expect_pass, engine.verify_script(id, &reduced)) {
        (true, answer) => answer,
        (false, Answer::Reject(_)) => Answer::Reject(None),
        (false, Answer::Ok(_)) => Answer::Unsupported(format!(
            "passes under [{}]; the engine does not verify under flags [{}]",
            reduced.flags.names(),
            unknown.names()
        )),
        (false, other) => other,
    }
}

/// canon's own answers.
#[derive(Debug, Default)]
pub struct CanonEngine {
    /// The last transaction verified, decoded, with its precomputed hashes:
    /// runners ask many questions about one transaction in a row.
    cache: Option<CachedTx>,
    /// The chain after the last `block` question's prefix: a file's cases
    /// share a few prefixes.
    prefix_cache: Option<super::chain_runner::PrefixCache>,
    /// The sighash midstates of the last input asked about.
    sighash_memo: SighashMemo,
}

#[derive(Debug)]
struct CachedTx {
    bytes: Vec<u8>,
    prevouts: Vec<TxOut>,
    tx: Transaction,
    txdata: PrecomputedTransactionData,
}

impl CanonEngine {
    /// A fresh engine.
    pub fn new() -> Self {
        Self::default()
    }

    fn prepared(&mut self, request: &ScriptRequest) -> Result<&CachedTx, Answer> {
        let hit = self
            .cache
            .as_ref()
            .is_some_and(|c| c.bytes == request.tx && c.prevouts == request.prevouts);
        if !hit {
            let tx = Transaction::from_bytes(&request.tx)
                .map_err(|e| Answer::Unsupported(format!("transaction does not decode: {e}")))?;
            let txdata = PrecomputedTransactionData::new(&tx, Some(request.prevouts.clone()));
            self.cache = Some(CachedTx {
                bytes: request.tx.clone(),
                prevouts: request.prevouts.clone(),
                tx,
                txdata,
            });
        }
        Ok(self.cache.as_ref().expect("the cache was filled above"))
    }
}

impl Engine for CanonEngine {
    fn name(&self) -> String {
        format!("canon {}", env!("CARGO_PKG_VERSION"))
    }

    fn is_canon(&self) -> bool {
        true
    }

    fn decode(&mut self, _id: &str, request: &DecodeRequest) -> Answer {
        match decode_facts(&request.object, &request.bytes) {
            Some(Ok(facts)) => Answer::Ok(facts),
            Some(Err(e)) => Answer::reject(e.token()),
            None => Answer::Unsupported(format!("unknown object {:?}", request.object)),
        }
    }

    fn verify_script(&mut self, _id: &str, request: &ScriptRequest) -> Answer {
        let prepared = match self.prepared(request) {
            Ok(prepared) => prepared,
            Err(answer) => return answer,
        };
        let (Some(input), Some(spent)) = (
            prepared.tx.inputs.get(request.index),
            request.prevouts.get(request.index),
        ) else {
            return Answer::Unsupported(format!(
                "input {} of a transaction with {} inputs and {} prevouts",
                request.index,
                prepared.tx.inputs.len(),
                request.prevouts.len()
            ));
        };
        let checker = TransactionSignatureChecker::new(
            &prepared.tx,
            request.index,
            spent.value,
            &prepared.txdata,
        );
        match verify_script(
            &input.script_sig,
            &spent.script_pubkey,
            &input.witness,
            request.flags,
            &checker,
        ) {
            Ok(()) => Answer::Ok(Facts::new()),
            Err(e) => Answer::reject(e.token()),
        }
    }

    fn check_transaction(&mut self, _id: &str, request: &TxRequest) -> Answer {
        match Transaction::from_bytes(&request.tx) {
            Err(e) => Answer::reject(e.token()),
            Ok(tx) => match check_transaction(&tx) {
                Ok(()) => Answer::Ok(Facts::new()),
                Err(e) => Answer::reject(e.token()),
            },
        }
    }

    fn check_tx_in_context(&mut self, _id: &str, request: &TxInContextRequest) -> Answer {
        super::tx_context_vectors::canon_answer(request)
    }

    fn block(&mut self, _id: &str, request: &BlockRequest) -> Answer {
        super::chain_runner::canon_block(&mut self.prefix_cache, request)
    }

    fn chain(&mut self, _id: &str, request: &ChainRequest) -> Answer {
        super::chain_runner::canon_chain(request)
    }

    fn sighash(&mut self, _id: &str, request: &SighashRequest) -> Answer {
        canon_answer(request, &mut self.sighash_memo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct ConsensusOnly {
        asked: Vec<VerifyFlags>,
    }

    impl Engine for ConsensusOnly {
        fn name(&self) -> String {
            "consensus-only".into()
        }
        fn script_flags(&self) -> VerifyFlags {
            VerifyFlags::P2SH.union(VerifyFlags::WITNESS)
        }
        fn verify_script(&mut self, _id: &str, request: &ScriptRequest) -> Answer {
            self.asked.push(request.flags);
            match request.index {
                0 => Answer::Ok(Facts::new()),
                _ => Answer::reject("EVAL_FALSE"),
            }
        }
    }

    #[test]
    fn unknown_flags_are_dropped_where_monotonicity_allows() {
        let request = ScriptRequest {
            tx: Vec::new(),
            prevouts: Vec::new(),
            index: 0,
            flags: VerifyFlags::P2SH.union(VerifyFlags::STRICTENC),
        };
        let mut engine = ConsensusOnly::default();
        assert_eq!(
            ask_script(&mut engine, "a", &request, true),
            Answer::Ok(Facts::new())
        );
        assert_eq!(engine.asked, vec![VerifyFlags::P2SH]);
        let refused = ask_script(&mut engine, "b", &request, false);
        assert!(matches!(refused, Answer::Unsupported(why) if why.contains("STRICTENC")));
        let failing = ScriptRequest {
            index: 1,
            ..request.clone()
        };
        let rejected = ask_script(&mut engine, "c", &failing, false);
        assert_eq!(rejected, Answer::Reject(None), "the reason is dropped");
        assert_eq!(engine.asked, vec![VerifyFlags::P2SH; 3]);
        assert!(matches!(
            engine.decode(
                "c",
                &DecodeRequest {
                    object: "tx".into(),
                    bytes: vec![]
                }
            ),
            Answer::Unsupported(_)
        ));
    }

    #[test]
    fn canon_answers_every_kind() {
        let mut canon = CanonEngine::new();
        let bad = DecodeRequest {
            object: "tx".into(),
            bytes: vec![1, 0, 0, 0],
        };
        assert!(matches!(canon.decode("x", &bad), Answer::Reject(Some(_))));
        let tx = TxRequest { tx: vec![] };
        assert!(matches!(
            canon.check_transaction("x", &tx),
            Answer::Reject(Some(_))
        ));
        assert!(canon.is_canon());
    }
}
