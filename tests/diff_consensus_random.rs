//! Differential test: canon's `verify_script` against Bitcoin Core's own
//! interpreter (libbitcoinconsensus, through the `bitcoinconsensus` crate) on
//! generated spends.
//!
//! The generator builds meaningful spends — real signatures over the real
//! sighash for P2PK, P2PKH, bare and P2SH multisig, P2WPKH, P2WSH and nested
//! segwit — then perturbs them (corrupted signatures, other hash types, wrong
//! amounts, wrong keys, non-null dummies, extra or missing items), and mixes in
//! random scripts of pushes, arithmetic, stack and flow-control opcodes.
//! Every case runs under a random subset of the consensus flags
//! libbitcoinconsensus accepts; both engines must give the same verdict.
//!
//! The case count defaults to 100,000 (`CANON_DIFF_CASES` overrides it).

use std::cell::Cell;

use bitcoinconsensus as core;
use canon::conformance::script_harness::crediting_transaction;
use canon::conformance::spend::{
    push_all, spending_tx, witness_v0_script, Spend, SpendMutation, SpendOptions, Template,
};
use canon::encoding::Encode;
use canon::primitives::hash::sha256;
use canon::primitives::Witness;
use canon::script::{verify_script, TransactionSignatureChecker, VerifyFlags};
use canon::sighash::PrecomputedTransactionData;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Opcodes the random-script generator draws from: numbers, flow control,
/// stack, splice (incl. disabled), bitwise, arithmetic, crypto, locktime,
/// NOPs and the reserved ones.
const SOUP: &[u8] = &[
    0x00, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x67, 0x68, 0x69, 0x6a,
    0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
    0x7b, 0x7c, 0x7d, 0x7e, 0x82, 0x83, 0x87, 0x88, 0x89, 0x8b, 0x8c, 0x8d, 0x8f, 0x90, 0x91, 0x92,
    0x93, 0x94, 0x95, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
    0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3, 0xb9, 0xba, 0xbb,
    0xff,
];

/// The flags libbitcoinconsensus accepts (taproot aside: it has its own test).
const CONSENSUS_FLAGS: [VerifyFlags; 6] = [
    VerifyFlags::P2SH,
    VerifyFlags::DERSIG,
    VerifyFlags::NULLDUMMY,
    VerifyFlags::CHECKLOCKTIMEVERIFY,
    VerifyFlags::CHECKSEQUENCEVERIFY,
    VerifyFlags::WITNESS,
];

/// The shapes of spend the generator builds.
#[derive(Debug, Clone)]
enum Shape {
    /// A signed spend of a standard output type.
    Standard(Template),
    /// Random scriptSig and scriptPubKey.
    Soup {
        script_sig: Vec<u8>,
        script_pubkey: Vec<u8>,
    },
    /// A P2WSH output whose witness script and stack are random.
    WitnessSoup {
        stack: Vec<Vec<u8>>,
        witness_script: Vec<u8>,
    },
}

#[derive(Debug, Clone)]
struct Case {
    shape: Shape,
    mutation: SpendMutation,
    hash_type: u8,
    amount: i64,
    version: u32,
    lock_time: u32,
    sequence: u32,
    flags: VerifyFlags,
}

fn soup_script() -> impl Strategy<Value = Vec<u8>> {
    let item = prop_oneof![
        6 => proptest::sample::select(SOUP).prop_map(|op| vec![op]),
        3 => proptest::collection::vec(any::<u8>(), 0..6).prop_map(|d| push_all(&[d])),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    proptest::collection::vec(item, 0..12).prop_map(|items| items.concat())
}

fn template() -> impl Strategy<Value = Template> {
    let m_of_n = (1u8..=3).prop_flat_map(|n| (1..=n, Just(n)));
    prop_oneof![
        any::<bool>().prop_map(|compressed| Template::P2pk { compressed }),
        any::<bool>().prop_map(|compressed| Template::P2pkh { compressed }),
        m_of_n
            .clone()
            .prop_map(|(m, n)| Template::BareMultisig { m, n }),
        m_of_n
            .clone()
            .prop_map(|(m, n)| Template::P2shMultisig { m, n }),
        Just(Template::P2wpkh),
        m_of_n.prop_map(|(m, n)| Template::P2wshMultisig { m, n }),
        Just(Template::P2shP2wpkh),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    prop_oneof![
        7 => template().prop_map(Shape::Standard),
        2 => (soup_script(), soup_script())
            .prop_map(|(script_sig, script_pubkey)| Shape::Soup { script_sig, script_pubkey }),
        1 => (proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..4), 0..4), soup_script())
            .prop_map(|(stack, witness_script)| Shape::WitnessSoup { stack, witness_script }),
    ]
}

fn mutation() -> impl Strategy<Value = SpendMutation> {
    prop_oneof![
        8 => Just(SpendMutation::None),
        1 => (0usize..80).prop_map(SpendMutation::FlipSignatureByte),
        1 => any::<u8>().prop_map(SpendMutation::HashType),
        1 => Just(SpendMutation::SignOtherAmount),
        1 => Just(SpendMutation::OtherKey),
        1 => Just(SpendMutation::NonNullDummy),
        1 => proptest::collection::vec(any::<u8>(), 0..3).prop_map(SpendMutation::ExtraPush),
        1 => Just(SpendMutation::DropLastWitnessItem),
    ]
}

fn flags() -> impl Strategy<Value = VerifyFlags> {
    proptest::collection::vec(any::<bool>(), CONSENSUS_FLAGS.len()).prop_map(|picks| {
        let mut flags = VerifyFlags::NONE;
        for (flag, pick) in CONSENSUS_FLAGS.iter().zip(picks) {
            if pick {
                flags = flags.union(*flag);
            }
        }
        // Core's harnesses never run WITNESS without P2SH.
        if flags.contains(VerifyFlags::WITNESS) {
            flags = flags.union(VerifyFlags::P2SH);
        }
        flags
    })
}

fn case() -> impl Strategy<Value = Case> {
    let hash_type = prop_oneof![
        4 => Just(1u8),
        1 => proptest::sample::select(vec![2u8, 3, 0x81, 0x82, 0x83]),
    ];
    (
        shape(),
        mutation(),
        hash_type,
        0i64..=2_100_000_000_000_000,
        prop_oneof![Just(1u32), Just(2u32)],
        prop_oneof![Just(0u32), any::<u32>()],
        prop_oneof![Just(u32::MAX), any::<u32>()],
        flags(),
    )
        .prop_map(
            |(shape, mutation, hash_type, amount, version, lock_time, sequence, flags)| Case {
                shape,
                mutation,
                hash_type,
                amount,
                version,
                lock_time,
                sequence,
                flags,
            },
        )
}

/// Builds the crediting and spending transactions of a case.
fn build(case: &Case) -> Spend {
    let options = case.mutation.options(SpendOptions {
        amount: case.amount,
        hash_type: case.hash_type,
        version: case.version,
        lock_time: case.lock_time,
        sequence: case.sequence,
        ..SpendOptions::default()
    });
    let mut built = match &case.shape {
        Shape::Standard(template) => template.build(&options),
        Shape::Soup {
            script_sig,
            script_pubkey,
        } => {
            let credit = crediting_transaction(script_pubkey, case.amount);
            let mut spend = spending_tx(&credit, &options);
            spend.inputs[0].script_sig = script_sig.clone();
            Spend { credit, spend }
        }
        Shape::WitnessSoup {
            stack,
            witness_script,
        } => {
            let credit =
                crediting_transaction(&witness_v0_script(&sha256(witness_script)), case.amount);
            let mut spend = spending_tx(&credit, &options);
            let mut items = stack.clone();
            items.push(witness_script.clone());
            spend.inputs[0].witness = Witness { stack: items };
            Spend { credit, spend }
        }
    };
    case.mutation.after_signing(&mut built.spend);
    built
}

fn canon_verdict(case: &Case, built: &Spend) -> bool {
    let (spend, spent) = (&built.spend, built.spent_output().clone());
    let txdata = PrecomputedTransactionData::new(spend, Some(vec![spent.clone()]));
    let checker = TransactionSignatureChecker::new(spend, 0, spent.value, &txdata);
    let input = &spend.inputs[0];
    verify_script(
        &input.script_sig,
        &spent.script_pubkey,
        &input.witness,
        case.flags,
        &checker,
    )
    .is_ok()
}

fn core_verdict(case: &Case, built: &Spend) -> bool {
    let spent = built.spent_output();
    let utxo = core::Utxo {
        script_pubkey: spent.script_pubkey.as_ptr(),
        script_pubkey_len: spent.script_pubkey.len() as u32,
        value: spent.value,
    };
    core::verify_with_flags(
        &spent.script_pubkey,
        spent.value as u64,
        &built.spend.to_bytes(),
        Some(std::slice::from_ref(&utxo)),
        0,
        case.flags.0,
    )
    .is_ok()
}

#[test]
fn canon_agrees_with_libbitcoinconsensus_on_generated_spends() {
    let cases: u32 = std::env::var("CANON_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let passes = Cell::new(0u32);
    let total = Cell::new(0u32);
    let result = runner.run(&case(), |case| {
        let built = build(&case);
        let canon = canon_verdict(&case, &built);
        let core = core_verdict(&case, &built);
        total.set(total.get() + 1);
        passes.set(passes.get() + u32::from(core));
        prop_assert_eq!(
            canon,
            core,
            "verdicts differ (canon ok = {}) for {:?}",
            canon,
            case
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (passes, total) = (passes.get(), total.get());
    // The generator must exercise both outcomes substantially, or it tests little.
    assert!(
        passes > total / 10 && passes < total - total / 10,
        "{passes} of {total} cases passed"
    );
    println!("{total} generated spends, {passes} valid in both engines, 0 disagreements");
}
