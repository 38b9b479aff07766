//! `diff_script_core`: canon's script verdict equals Bitcoin Core's
//! (libbitcoinconsensus 26, through the `bitcoinconsensus` crate) on
//! structured spends.
//!
//! The input is read with `arbitrary` into a [`Case`]: a signed spend of a
//! standard output (P2PK, P2PKH, bare/P2SH/P2WSH multisig, P2WPKH, nested
//! P2WPKH), a taproot key-path or script-path spend (`<key> CHECKSIG` or a
//! k-of-n `CHECKSIGADD` leaf, sibling hashes, annex), or random scripts;
//! then a mutation after signing; then the transaction fields and a subset
//! of the consensus flags libbitcoinconsensus accepts (with Core's rule
//! that `WITNESS` needs `P2SH`). Signatures are real: canon's sighash,
//! secp256k1's signing, so most unmutated spends are valid and the engines'
//! signature paths are really compared. Spent outputs are always passed,
//! so taproot is checked too.

use arbitrary::{Arbitrary, Unstructured};
use bitcoinconsensus as core;
use canon::conformance::script_harness::crediting_transaction;
use canon::conformance::spend::{
    push_all, spending_tx, witness_v0_script, SpendMutation, SpendOptions, Template,
};
use canon::encoding::Encode;
use canon::primitives::hash::sha256;
use canon::primitives::{Transaction, TxOut, Witness};
use canon::script::taproot::compute_tapleaf_hash;
use canon::script::{verify_script, ScriptError, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;

use crate::taproot::{keypair, schnorr_sign, xonly, TaprootOutput};

/// Opcodes random scripts draw from (as in tests/diff_consensus_random.rs,
/// plus OP_CHECKSIGADD and some OP_SUCCESS opcodes for tapscript).
const SOUP: &[u8] = &[
    0x00, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x67, 0x68, 0x69, 0x6a,
    0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
    0x7b, 0x7c, 0x7d, 0x7e, 0x82, 0x83, 0x87, 0x88, 0x89, 0x8b, 0x8c, 0x8d, 0x8f, 0x90, 0x91, 0x92,
    0x93, 0x94, 0x95, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
    0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb9, 0xba, 0xbb,
    0xfe, 0xff,
];

/// The flags libbitcoinconsensus accepts, in the order of the flag bits.
pub const CONSENSUS_FLAGS: [VerifyFlags; 7] = [
    VerifyFlags::P2SH,
    VerifyFlags::DERSIG,
    VerifyFlags::NULLDUMMY,
    VerifyFlags::CHECKLOCKTIMEVERIFY,
    VerifyFlags::CHECKSEQUENCEVERIFY,
    VerifyFlags::WITNESS,
    VerifyFlags::TAPROOT,
];

/// One element of a random script.
#[derive(Debug, Clone, Arbitrary)]
pub enum Token {
    /// An opcode from [`SOUP`] (index taken modulo its length).
    Op(u8),
    /// A push of these bytes (minimal push opcode).
    Push(Vec<u8>),
    /// A raw byte.
    Byte(u8),
}

/// A random script.
#[derive(Debug, Clone, Arbitrary)]
pub struct Soup(pub Vec<Token>);

impl Soup {
    /// The script's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut script = Vec::new();
        for token in self.0.iter().take(64) {
            match token {
                Token::Op(i) => script.push(SOUP[usize::from(*i) % SOUP.len()]),
                Token::Push(data) => script.extend(push_all(std::slice::from_ref(data))),
                Token::Byte(b) => script.push(*b),
            }
        }
        script
    }
}

/// The standard output types, with their parameters.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Standard {
    P2pk(bool),
    P2pkh(bool),
    BareMultisig(u8, u8),
    P2shMultisig(u8, u8),
    P2wpkh,
    P2wshMultisig(u8, u8),
    P2shP2wpkh,
}

/// A tapscript leaf.
#[derive(Debug, Clone, Arbitrary)]
pub enum Leaf {
    /// `<key> OP_CHECKSIG`.
    CheckSig,
    /// `<k1> CHECKSIG <k2> CHECKSIGADD ... <m> NUMEQUAL` over n keys.
    CheckSigAdd(u8, u8),
    /// A random script with a random witness stack.
    Soup(Soup, Vec<Vec<u8>>),
}

/// The shape of the spend.
#[derive(Debug, Clone, Arbitrary)]
pub enum Shape {
    Standard(Standard),
    Soup(Soup, Soup),
    WitnessSoup(Vec<Vec<u8>>, Soup),
    TaprootKey {
        internal: u8,
    },
    TaprootScript {
        internal: u8,
        leaf: Leaf,
        leaf_version: bool,
        path: Vec<[u8; 32]>,
    },
}

/// A perturbation after signing.
#[derive(Debug, Clone, Arbitrary)]
pub enum Mutation {
    None,
    FlipSignatureByte(u8),
    HashType(u8),
    SignOtherAmount,
    OtherKey,
    NonNullDummy,
    ExtraPush(Vec<u8>),
    DropLastWitnessItem,
    /// An annex (0x50 ...) signed over (valid) or appended after signing.
    Annex(Vec<u8>, bool),
    FlipControlByte(u8),
}

/// One differential case.
#[derive(Debug, Clone, Arbitrary)]
pub struct Case {
    pub shape: Shape,
    pub mutation: Mutation,
    pub hash_type: u8,
    pub amount: u64,
    pub version: u32,
    pub lock_time: u32,
    pub sequence: u32,
    pub flags: u8,
}

impl Case {
    /// The verify flags: the chosen consensus flags, `WITNESS` ⇒ `P2SH`.
    pub fn verify_flags(&self) -> VerifyFlags {
        let mut flags = VerifyFlags::NONE;
        for (i, flag) in CONSENSUS_FLAGS.iter().enumerate() {
            if self.flags & (1 << i) != 0 {
                flags = flags.union(*flag);
            }
        }
        if flags.contains(VerifyFlags::WITNESS) {
            flags = flags.union(VerifyFlags::P2SH);
        }
        flags
    }

    fn options(&self) -> SpendOptions {
        self.mutation.common().options(SpendOptions {
            amount: (self.amount % 2_100_000_000_000_001) as i64,
            hash_type: self.hash_type,
            version: self.version,
            lock_time: self.lock_time,
            sequence: self.sequence,
            ..SpendOptions::default()
        })
    }
}

impl Mutation {
    /// The mutation the differential generators share, if this is one.
    fn common(&self) -> SpendMutation {
        match self {
            Mutation::FlipSignatureByte(at) => SpendMutation::FlipSignatureByte(usize::from(*at)),
            Mutation::HashType(h) => SpendMutation::HashType(*h),
            Mutation::SignOtherAmount => SpendMutation::SignOtherAmount,
            Mutation::OtherKey => SpendMutation::OtherKey,
            Mutation::NonNullDummy => SpendMutation::NonNullDummy,
            Mutation::ExtraPush(data) => SpendMutation::ExtraPush(data.clone()),
            Mutation::DropLastWitnessItem => SpendMutation::DropLastWitnessItem,
            Mutation::None | Mutation::Annex(..) | Mutation::FlipControlByte(_) => {
                SpendMutation::None
            }
        }
    }
}

/// A built case: the spending transaction (input 0) and the output it spends.
#[derive(Debug, Clone)]
pub struct Built {
    pub spend: Transaction,
    pub spent: TxOut,
}

fn template(standard: Standard) -> Template {
    let m_of_n = |m: u8, n: u8| {
        let n = n % 3 + 1;
        (m % n + 1, n)
    };
    match standard {
        Standard::P2pk(compressed) => Template::P2pk { compressed },
        Standard::P2pkh(compressed) => Template::P2pkh { compressed },
        Standard::BareMultisig(m, n) => {
            let (m, n) = m_of_n(m, n);
            Template::BareMultisig { m, n }
        }
        Standard::P2shMultisig(m, n) => {
            let (m, n) = m_of_n(m, n);
            Template::P2shMultisig { m, n }
        }
        Standard::P2wpkh => Template::P2wpkh,
        Standard::P2wshMultisig(m, n) => {
            let (m, n) = m_of_n(m, n);
            Template::P2wshMultisig { m, n }
        }
        Standard::P2shP2wpkh => Template::P2shP2wpkh,
    }
}

/// Builds the spend of a case.
pub fn build(case: &Case) -> Built {
    let options = case.options();
    let (spend, spent) = match &case.shape {
        Shape::Standard(standard) => {
            let built = template(*standard).build(&options);
            (built.spend.clone(), built.spent_output().clone())
        }
        Shape::Soup(sig, pubkey) => {
            let credit = crediting_transaction(&pubkey.bytes(), options.amount);
            let mut spend = spending_tx(&credit, &options);
            spend.inputs[0].script_sig = sig.bytes();
            (spend, credit.outputs[0].clone())
        }
        Shape::WitnessSoup(stack, script) => {
            let script = script.bytes();
            let credit =
                crediting_transaction(&witness_v0_script(&sha256(&script)), options.amount);
            let mut spend = spending_tx(&credit, &options);
            let mut items: Vec<Vec<u8>> = stack.iter().take(8).cloned().collect();
            items.push(script);
            spend.inputs[0].witness = Witness { stack: items };
            (spend, credit.outputs[0].clone())
        }
        Shape::TaprootKey { internal } => taproot_key(case, &options, *internal),
        Shape::TaprootScript {
            internal,
            leaf,
            leaf_version,
            path,
        } => taproot_script(case, &options, *internal, leaf, *leaf_version, path),
    };
    let mut built = Built { spend, spent };
    mutate_after_signing(case, &mut built.spend);
    built
}

/// The annex signed over, if the mutation asks for a signed one.
fn signed_annex(case: &Case) -> Option<Vec<u8>> {
    match &case.mutation {
        Mutation::Annex(body, true) => Some([&[0x50][..], body].concat()),
        _ => None,
    }
}

fn taproot_key(case: &Case, options: &SpendOptions, internal: u8) -> (Transaction, TxOut) {
    let output = TaprootOutput::new(internal, None);
    let credit = crediting_transaction(&output.script_pubkey(), options.amount);
    let mut spend = spending_tx(&credit, options);
    let spent = credit.outputs[0].clone();
    let annex = signed_annex(case);
    let signer = if matches!(case.mutation, Mutation::OtherKey) {
        keypair(internal.wrapping_add(7))
    } else {
        output.tweaked
    };
    let sig = schnorr_sign(
        &spend,
        &spent,
        &signer,
        options.hash_type,
        None,
        annex.as_deref(),
    );
    let mut stack = vec![sig];
    stack.extend(annex);
    spend.inputs[0].witness = Witness { stack };
    (spend, spent)
}

fn leaf_script(leaf: &Leaf) -> (Vec<u8>, Vec<u8>) {
    match leaf {
        Leaf::CheckSig => {
            let mut script = push_all(&[xonly(1).to_vec()]);
            script.push(0xac);
            (script, vec![1])
        }
        Leaf::CheckSigAdd(m, n) => {
            let n = n % 4 + 1;
            let m = m % n + 1;
            let mut script = Vec::new();
            for k in 1..=n {
                script.extend(push_all(&[xonly(k).to_vec()]));
                script.push(if k == 1 { 0xac } else { 0xba });
            }
            script.extend([0x50 + m, 0x9c]);
            // Keys n..1 sign in witness order (the last key's signature is
            // consumed first); only the first m sign, the rest are empty.
            (script, (1..=n).collect())
        }
        Leaf::Soup(soup, _) => (soup.bytes(), vec![]),
    }
}

fn taproot_script(
    case: &Case,
    options: &SpendOptions,
    internal: u8,
    leaf: &Leaf,
    odd_version: bool,
    path: &[[u8; 32]],
) -> (Transaction, TxOut) {
    let path = &path[..path.len().min(8)];
    let version = if odd_version { 0xc2 } else { 0xc0 };
    let (script, keys) = leaf_script(leaf);
    let output = TaprootOutput::new(internal, Some((version, &script, path)));
    let credit = crediting_transaction(&output.script_pubkey(), options.amount);
    let mut spend = spending_tx(&credit, options);
    let spent = credit.outputs[0].clone();
    let annex = signed_annex(case);
    let leaf_hash = compute_tapleaf_hash(version, &script);
    let offset = if matches!(case.mutation, Mutation::OtherKey) {
        7
    } else {
        0
    };
    let signers = match leaf {
        Leaf::CheckSigAdd(m, n) => usize::from(m % (n % 4 + 1) + 1),
        _ => keys.len(),
    };
    let mut stack: Vec<Vec<u8>> = match leaf {
        Leaf::Soup(_, items) => items.iter().take(8).cloned().collect(),
        _ => keys
            .iter()
            .rev()
            .map(|&k| {
                if usize::from(k) > signers {
                    return Vec::new();
                }
                let pair = keypair(k + offset);
                schnorr_sign(
                    &spend,
                    &spent,
                    &pair,
                    options.hash_type,
                    Some(leaf_hash),
                    annex.as_deref(),
                )
            })
            .collect(),
    };
    stack.push(script);
    stack.push(output.control_block(version, path));
    stack.extend(annex);
    spend.inputs[0].witness = Witness { stack };
    (spend, spent)
}

fn mutate_after_signing(case: &Case, spend: &mut Transaction) {
    case.mutation.common().after_signing(spend);
    let input = &mut spend.inputs[0];
    match &case.mutation {
        Mutation::Annex(body, false) => {
            input.witness.stack.push([&[0x50][..], body].concat());
        }
        Mutation::FlipControlByte(at) => {
            let n = input.witness.stack.len();
            if n >= 2 {
                let control = &mut input.witness.stack[n - 1];
                if !control.is_empty() {
                    let at = usize::from(*at) % control.len();
                    control[at] ^= 0x01;
                }
            }
        }
        _ => {}
    }
}

/// canon's verdict.
pub fn canon_verdict(built: &Built, flags: VerifyFlags) -> Result<(), ScriptError> {
    let txdata = PrecomputedTransactionData::new(&built.spend, Some(vec![built.spent.clone()]));
    let checker = TransactionSignatureChecker::new(&built.spend, 0, built.spent.value, &txdata);
    let input = &built.spend.inputs[0];
    verify_script(
        &input.script_sig,
        &built.spent.script_pubkey,
        &input.witness,
        flags,
        &checker,
    )
}

/// Core's verdict (libbitcoinconsensus, with the spent outputs).
pub fn core_verdict(
    spend: &Transaction,
    spent: &[TxOut],
    index: usize,
    flags: VerifyFlags,
) -> bool {
    let utxos: Vec<core::Utxo> = spent
        .iter()
        .map(|out| core::Utxo {
            script_pubkey: out.script_pubkey.as_ptr(),
            script_pubkey_len: out.script_pubkey.len() as u32,
            value: out.value,
        })
        .collect();
    let prevout = &spent[index];
    core::verify_with_flags(
        &prevout.script_pubkey,
        prevout.value as u64,
        &spend.to_bytes(),
        Some(&utxos),
        index,
        flags.0,
    )
    .is_ok()
}

/// Reads a case from fuzz bytes.
pub fn read_case(data: &[u8]) -> Option<Case> {
    Case::arbitrary_take_rest(Unstructured::new(data)).ok()
}

/// The target.
///
/// # Panics
/// When canon and Core disagree.
pub fn diff_script_core(data: &[u8]) {
    let Some(case) = read_case(data) else {
        return;
    };
    let built = build(&case);
    let flags = case.verify_flags();
    let canon = canon_verdict(&built, flags);
    let core = core_verdict(&built.spend, std::slice::from_ref(&built.spent), 0, flags);
    assert_eq!(
        canon.is_ok(),
        core,
        "canon {canon:?}, Core ok = {core}, flags {}, case {case:?}, tx {}, spent {:?}",
        flags.names(),
        hex::encode(built.spend.to_bytes()),
        built.spent
    );
}
