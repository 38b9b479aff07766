//! Taproot vectors: every rule of `spec/taproot.md`, each with a witness
//! that keeps it and a witness that breaks it, as canon `"kind": "script"`
//! files (Core's `script_assets_test.json` cases with provenance).
//!
//! Everything is deterministic: keys are small fixed scalars, signatures
//! are BIP-0340 signatures by libsecp256k1 with fixed aux randomness
//! ([`AUX_RAND`]) over canon's BIP-0341 sighash; the Core differential test
//! (`tests/taproot_core.rs`) checks every case against Bitcoin Core.
//!
//! A case spends one taproot (or other witness v1) output as input 1 of a
//! three-input, two-output transaction ([`Spending`]). Its `flags` are the
//! fewest that make the failure fail (usually `P2SH,WITNESS,TAPROOT`); its
//! success is `final`, valid under every consensus flag combination, unless
//! said otherwise. Cases about a policy flag name it in `flags` and carry the
//! failure only, or a success that passes under the policy flag too.

mod checksig;
mod keypath;
mod op_success;
mod program;
mod scriptpath;
mod tapscript;

use secp256k1::SecretKey;

use super::{generator_name, to_json_text, GeneratedFile};
use crate::conformance::script_assets::{ScriptCase, ScriptFile, ScriptSpend};
use crate::conformance::spend::secret_key;
use crate::conformance::taptree::{
    sign_schnorr, taproot_digest, tweaked_keypair, with_hash_type, SigContext, TapNode,
    TaprootOutput,
};
use crate::encoding::Encode;
use crate::primitives::hash::{sha256, sha256d};
use crate::primitives::{OutPoint, Transaction, TxIn, TxOut, Txid, Witness};
use crate::script::instruction::push_data;
use crate::script::taproot::{compute_tapleaf_hash, TAPROOT_LEAF_TAPSCRIPT};
use crate::script::ScriptError;

/// The flags a taproot failure needs: TAPROOT, and what it requires.
pub(crate) const TAPROOT_FLAGS: &str = "P2SH,WITNESS,TAPROOT";

/// The aux randomness of every signature in the corpus.
pub(crate) const AUX_RAND: [u8; 32] = [0xa5; 32];

/// The taproot family's files.
pub fn files() -> Vec<GeneratedFile> {
    vec![
        file(
            "taproot/keypath.json",
            "Key-path spends (BIP-0341): hash types, signature sizes and validity, annex",
            keypath::cases(),
        ),
        file(
            "taproot/programs.json",
            "Witness v1 outputs with and without taproot rules: the TAPROOT flag, other program sizes, P2SH-wrapped v1",
            program::cases(),
        ),
        file(
            "taproot/scriptpath.json",
            "Script-path spends (BIP-0341): merkle depth, control blocks, parity, leaf versions, annex",
            scriptpath::cases(),
        ),
        file(
            "taproot/tapscript.json",
            "Tapscript execution (BIP-0342): code separators, MINIMALIF, CHECKMULTISIG, the final stack, limits",
            tapscript::cases(),
        ),
        file(
            "taproot/checksig.json",
            "Tapscript signature opcodes (BIP-0342): CHECKSIGADD, empty signatures, empty and unknown keys, the validation budget",
            checksig::cases(),
        ),
        file(
            "taproot/op_success.json",
            "OP_SUCCESSx (BIP-0342): every opcode of every class, executed or not, and DISCOURAGE_OP_SUCCESS",
            op_success::cases(),
        ),
    ]
}

fn file(path: &str, description: &str, cases: Vec<Case>) -> GeneratedFile {
    let contents = to_json_text(&ScriptFile {
        kind: "script".into(),
        generator: generator_name("taproot"),
        description: description.into(),
        cases: cases.into_iter().map(Case::into_script_case).collect(),
    });
    GeneratedFile {
        path: path.into(),
        contents,
    }
}

/// A filling of the input under test.
#[derive(Debug, Clone)]
pub(crate) struct Fill {
    script_sig: Vec<u8>,
    witness: Vec<Vec<u8>>,
    error: Option<ScriptError>,
}

impl Fill {
    /// A witness and an empty scriptSig.
    pub(crate) fn witness(items: Vec<Vec<u8>>) -> Fill {
        Fill {
            script_sig: Vec::new(),
            witness: items,
            error: None,
        }
    }

    /// A scriptSig and a witness.
    pub(crate) fn with_script_sig(script_sig: Vec<u8>, items: Vec<Vec<u8>>) -> Fill {
        Fill {
            script_sig,
            witness: items,
            error: None,
        }
    }
}

/// One case under construction.
pub(crate) struct Case {
    id: String,
    description: String,
    rules: Vec<&'static str>,
    flags: String,
    is_final: bool,
    spending: Spending,
    success: Option<Fill>,
    failure: Option<Fill>,
}

impl Case {
    /// A case spending in `spending`, with the taproot flags and a final success.
    pub(crate) fn new(
        id: impl Into<String>,
        description: impl Into<String>,
        rules: &[&'static str],
        spending: &Spending,
    ) -> Case {
        Case {
            id: id.into(),
            description: description.into(),
            rules: rules.to_vec(),
            flags: TAPROOT_FLAGS.into(),
            is_final: true,
            spending: spending.clone(),
            success: None,
            failure: None,
        }
    }

    /// The filling that passes.
    pub(crate) fn success(mut self, fill: Fill) -> Case {
        self.success = Some(fill);
        self
    }

    /// The filling that fails, with canon's (and Core's) token under `flags`.
    pub(crate) fn failure(mut self, mut fill: Fill, error: ScriptError) -> Case {
        fill.error = Some(error);
        self.failure = Some(fill);
        self
    }

    /// Other flags than [`TAPROOT_FLAGS`].
    pub(crate) fn flags(mut self, flags: &str) -> Case {
        self.flags = flags.into();
        self
    }

    /// The success holds only under subsets of `flags`.
    pub(crate) fn not_final(mut self) -> Case {
        self.is_final = false;
        self
    }

    pub(crate) fn into_script_case(self) -> ScriptCase {
        let spend = |fill: Fill| ScriptSpend {
            script_sig: hex::encode(fill.script_sig),
            witness: fill.witness.iter().map(hex::encode).collect(),
            error: fill.error.map(|e| e.token().to_string()),
        };
        ScriptCase {
            id: self.id,
            description: self.description,
            rules: with_summaries(&self.rules),
            flags: self.flags,
            is_final: self.is_final && self.success.is_some(),
            index: self.spending.index,
            tx: hex::encode(self.spending.tx.to_bytes_without_witness()),
            prevouts: self
                .spending
                .prevouts
                .iter()
                .map(|p| hex::encode(p.to_bytes()))
                .collect(),
            success: self.success.map(spend),
            failure: self.failure.map(spend),
        }
    }
}

/// The transaction a case spends its output in: three inputs, the output
/// under test spent by input `index`, and two outputs.
#[derive(Debug, Clone)]
pub(crate) struct Spending {
    /// The transaction, without witnesses.
    pub tx: Transaction,
    /// The outputs its inputs spend.
    pub prevouts: Vec<TxOut>,
    /// The input under test.
    pub index: usize,
}

/// The value of the output under test.
pub(crate) const AMOUNT: i64 = 100_000_000;

impl Spending {
    /// `script_pubkey` spent by input 1; `label` makes the outpoints unique.
    pub(crate) fn new(label: &str, script_pubkey: Vec<u8>) -> Spending {
        Spending::at(label, script_pubkey, 1)
    }

    /// `script_pubkey` spent by input `index` (0..=2).
    pub(crate) fn at(label: &str, script_pubkey: Vec<u8>, index: usize) -> Spending {
        let input = |n: u32| TxIn {
            prevout: OutPoint {
                txid: Txid(sha256d(format!("{label}/{n}").as_bytes())),
                vout: n,
            },
            script_sig: Vec::new(),
            sequence: 0xffff_fffd - n,
            witness: Witness::default(),
        };
        let p2wpkh = |n: u8| {
            let mut script = vec![0x00];
            push_data(&mut script, &[n; 20]);
            script
        };
        let mut prevouts = vec![
            TxOut {
                value: 50_000_000,
                script_pubkey: p2wpkh(1),
            },
            TxOut {
                value: 25_000_000,
                script_pubkey: TaprootOutput::for_tree(&secret_key(0x7f), None).script_pubkey(),
            },
            TxOut {
                value: 12_500_000,
                script_pubkey: p2wpkh(3),
            },
        ];
        prevouts[index] = TxOut {
            value: AMOUNT,
            script_pubkey,
        };
        Spending {
            tx: Transaction {
                version: 2,
                inputs: (0..3).map(input).collect(),
                outputs: vec![
                    TxOut {
                        value: 150_000_000,
                        script_pubkey: p2wpkh(4),
                    },
                    TxOut {
                        value: 30_000_000,
                        script_pubkey: vec![0x6a, 0x01, 0x2a],
                    },
                ],
                lock_time: 0,
            },
            prevouts,
            index,
        }
    }

    /// The BIP-0341 sighash of the input under test.
    pub(crate) fn digest(&self, hash_type: u8, context: &SigContext) -> [u8; 32] {
        taproot_digest(&self.tx, &self.prevouts, self.index, hash_type, context)
    }
}

/// A taproot output of a script tree over an internal key, and where it is spent.
pub(crate) struct Fixture {
    /// The internal secret key.
    pub internal: SecretKey,
    /// The script tree, if any.
    pub tree: Option<TapNode>,
    /// The output.
    pub output: TaprootOutput,
    /// The spending transaction.
    pub spending: Spending,
}

impl Fixture {
    /// An output of `tree` over internal key `internal`, spent by input 1.
    pub(crate) fn new(label: &str, internal: u8, tree: Option<TapNode>) -> Fixture {
        Fixture::at(label, internal, tree, 1)
    }

    /// The same, spent by input `index`.
    pub(crate) fn at(label: &str, internal: u8, tree: Option<TapNode>, index: usize) -> Fixture {
        let internal = secret_key(internal);
        let output = TaprootOutput::for_tree(&internal, tree.as_ref());
        let spending = Spending::at(label, output.script_pubkey(), index);
        Fixture {
            internal,
            tree,
            output,
            spending,
        }
    }

    /// A key-path signature (64 bytes for hash type 0, else 65).
    pub(crate) fn key_sig(&self, hash_type: u8, annex: Option<&[u8]>) -> Vec<u8> {
        let context = SigContext {
            annex: annex.map(<[u8]>::to_vec),
            ..SigContext::default()
        };
        let digest = self.spending.digest(hash_type, &context);
        let keypair = tweaked_keypair(&self.internal, self.output.merkle_root.as_ref());
        with_hash_type(sign_schnorr(&keypair, &digest, &AUX_RAND), hash_type)
    }

    /// The control block of a leaf of the tree.
    pub(crate) fn control(&self, version: u8, script: &[u8]) -> Vec<u8> {
        let tree = self.tree.as_ref().expect("a script path needs a tree");
        self.output.control_block_for(tree, version, script)
    }

    /// A tapscript signature by `key` for the tapscript leaf `script`.
    pub(crate) fn leaf_sig(&self, key: u8, script: &[u8], sig: LeafSig) -> Vec<u8> {
        let context = SigContext {
            leaf_hash: Some(compute_tapleaf_hash(TAPROOT_LEAF_TAPSCRIPT, script)),
            codeseparator_pos: sig.codeseparator_pos,
            annex: sig.annex,
        };
        let digest = self.spending.digest(sig.hash_type, &context);
        let keypair =
            secp256k1::Keypair::from_secret_key(&secp256k1::Secp256k1::new(), &secret_key(key));
        with_hash_type(sign_schnorr(&keypair, &digest, &AUX_RAND), sig.hash_type)
    }

    /// The witness spending tapscript leaf `script`: `inputs`, the script,
    /// its control block, then the annex if any.
    pub(crate) fn spend_leaf(
        &self,
        inputs: Vec<Vec<u8>>,
        script: &[u8],
        annex: Option<&[u8]>,
    ) -> Fill {
        self.spend_leaf_version(inputs, TAPROOT_LEAF_TAPSCRIPT, script, annex)
    }

    /// As [`Fixture::spend_leaf`], for a leaf of any version.
    pub(crate) fn spend_leaf_version(
        &self,
        inputs: Vec<Vec<u8>>,
        version: u8,
        script: &[u8],
        annex: Option<&[u8]>,
    ) -> Fill {
        let mut items = inputs;
        items.push(script.to_vec());
        items.push(self.control(version, script));
        items.extend(annex.map(<[u8]>::to_vec));
        Fill::witness(items)
    }
}

/// What a tapscript signature commits to beyond the leaf.
#[derive(Debug, Clone, Default)]
pub(crate) struct LeafSig {
    /// The hash type (0 for a 64-byte signature).
    pub hash_type: u8,
    /// The position of the last executed `OP_CODESEPARATOR`.
    pub codeseparator_pos: Option<u32>,
    /// The annex of the witness.
    pub annex: Option<Vec<u8>>,
}

/// The x-only public key of [`secret_key`]`(n)`.
pub(crate) fn key(n: u8) -> Vec<u8> {
    crate::conformance::taptree::x_only(&secret_key(n)).to_vec()
}

/// A script of opcodes and pushes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Script(Vec<u8>);

impl Script {
    /// An empty script.
    pub(crate) fn new() -> Script {
        Script::default()
    }

    /// Appends opcodes.
    pub(crate) fn op(mut self, ops: &[u8]) -> Script {
        self.0.extend_from_slice(ops);
        self
    }

    /// Appends `op` `count` times.
    pub(crate) fn repeat(mut self, op: &[u8], count: usize) -> Script {
        (0..count).for_each(|_| self.0.extend_from_slice(op));
        self
    }

    /// Appends the minimal push of `data`.
    pub(crate) fn push(mut self, data: &[u8]) -> Script {
        push_data(&mut self.0, data);
        self
    }

    /// The bytes.
    pub(crate) fn bytes(self) -> Vec<u8> {
        self.0
    }
}

/// A 64-byte string that is not a valid signature for anything here.
pub(crate) fn junk_signature() -> Vec<u8> {
    sha256(b"canon junk signature")
        .iter()
        .chain(sha256(b"canon junk signature 2").iter())
        .copied()
        .collect()
}

/// `sig` with bit `bit` of byte `byte` flipped.
pub(crate) fn flip(sig: &[u8], byte: usize, bit: u8) -> Vec<u8> {
    let mut out = sig.to_vec();
    out[byte] ^= 1 << bit;
    out
}

/// The summary entries of `spec/script.md` and the `spec/taproot.md` rules
/// each summarises: a case exercising a rule exercises its summary too.
const SUMMARIES: [(&str, &[&str]); 4] = [
    (
        "TAPROOT-SPEND",
        &[
            "TAPROOT-WITNESS-EMPTY",
            "TAPROOT-ANNEX",
            "TAPROOT-KEY-PATH",
            "TAPROOT-CONTROL-SIZE",
            "TAPROOT-COMMITMENT",
            "TAPROOT-LEAF-VERSION",
        ],
    ),
    (
        "TAPROOT-SCHNORR",
        &[
            "TAPROOT-SIG-SIZE",
            "TAPROOT-SIG-HASHTYPE",
            "TAPROOT-SIG-VERIFY",
        ],
    ),
    (
        "TAPSCRIPT-RULES",
        &[
            "TAPSCRIPT-OP-SUCCESS",
            "TAPSCRIPT-LIMITS",
            "TAPSCRIPT-MINIMALIF",
            "TAPSCRIPT-CHECKMULTISIG",
            "TAPSCRIPT-CHECKSIGADD",
        ],
    ),
    (
        "TAPSCRIPT-CHECKSIG",
        &[
            "TAPSCRIPT-VALIDATION-WEIGHT",
            "TAPSCRIPT-EMPTY-PUBKEY",
            "TAPSCRIPT-UNKNOWN-PUBKEY",
            "TAPSCRIPT-EMPTY-SIGNATURE",
        ],
    ),
];

/// `rules`, followed by the summaries of those it names (once each).
fn with_summaries(rules: &[&'static str]) -> Vec<String> {
    let mut all: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
    for (summary, details) in SUMMARIES {
        let named = rules.iter().any(|r| details.contains(r));
        if named && !all.iter().any(|r| r == summary) {
            all.push(summary.to_string());
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_case_has_rules() {
        let mut seen = std::collections::BTreeSet::new();
        for file in files() {
            let parsed: ScriptFile = serde_json::from_str(&file.contents).unwrap();
            for case in parsed.cases {
                assert!(seen.insert(case.id.clone()), "duplicate id {}", case.id);
                assert!(!case.rules.is_empty(), "{} names no rule", case.id);
                assert!(case.success.is_some() || case.failure.is_some());
            }
        }
    }

    /// The `### ID` headings of a spec page.
    fn spec_ids(page: &str) -> Vec<String> {
        let path = format!("{}/spec/{page}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .filter_map(|line| line.strip_prefix("### "))
            .map(|id| id.trim().to_string())
            .collect()
    }

    #[test]
    fn every_taproot_rule_has_a_success_and_a_failure() {
        let mut passing = std::collections::BTreeSet::new();
        let mut failing = std::collections::BTreeSet::new();
        for file in files() {
            let parsed: ScriptFile = serde_json::from_str(&file.contents).unwrap();
            for case in parsed.cases {
                for rule in case.rules {
                    if case.success.is_some() {
                        passing.insert(rule.clone());
                    }
                    if case.failure.is_some() {
                        failing.insert(rule);
                    }
                }
            }
        }
        let taproot = spec_ids("taproot.md");
        assert!(taproot.len() >= 20, "{taproot:?}");
        for id in &taproot {
            assert!(passing.contains(id), "{id}: no success witness");
            assert!(failing.contains(id), "{id}: no failure witness");
        }
        let known: Vec<String> = ["taproot.md", "sighash.md", "script.md"]
            .iter()
            .flat_map(|page| spec_ids(page))
            .collect();
        for id in passing.iter().chain(&failing) {
            assert!(known.contains(id), "{id} is on no spec page");
        }
    }
}
