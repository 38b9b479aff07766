//! Script-path spends: the control block, the merkle path to the output
//! key, leaf versions and the annex.

use secp256k1::XOnlyPublicKey;

use super::{key, Case, Fill, Fixture, LeafSig, Script};
use crate::conformance::taptree::{hidden_nodes, TapNode};
use crate::script::opcodes::{OP_1, OP_CHECKSIG, OP_RETURN};
use crate::script::ScriptError::{
    DiscourageUpgradableTaprootVersion, SchnorrSig, SchnorrSigSize, TaprootWrongControlSize,
    WitnessProgramMismatch,
};

pub(super) fn cases() -> Vec<Case> {
    let mut cases: Vec<Case> = [0, 1, 2, 7, 128].into_iter().map(depth).collect();
    cases.push(too_deep());
    cases.extend(control_sizes());
    cases.extend(commitments());
    cases.extend(unknown_leaf_versions());
    cases.extend(annex());
    cases
}

/// `<key n> OP_CHECKSIG`.
pub(super) fn checksig_leaf(n: u8) -> Vec<u8> {
    Script::new().push(&key(n)).op(&[OP_CHECKSIG]).bytes()
}

/// The witness spending the `<key n> OP_CHECKSIG` leaf with a valid signature.
fn spend_checksig(fixture: &Fixture, n: u8) -> Fill {
    let leaf = checksig_leaf(n);
    let sig = fixture.leaf_sig(n, &leaf, LeafSig::default());
    fixture.spend_leaf(vec![sig], &leaf, None)
}

/// `fill` with its last item (the control block, when there is no annex)
/// replaced by `change(control)`.
fn with_control(mut fill: Fill, change: impl FnOnce(Vec<u8>) -> Vec<u8>) -> Fill {
    let last = fill.witness.len() - 1;
    fill.witness[last] = change(std::mem::take(&mut fill.witness[last]));
    fill
}

/// Leaf 0x21 at `depth` (beside leaf 0x22 and `depth - 1` hidden nodes).
fn depth(depth: usize) -> Case {
    let id = format!("scriptpath-depth-{depth}");
    let tree = if depth == 0 {
        TapNode::tapscript(checksig_leaf(0x21))
    } else {
        TapNode::branch(
            TapNode::tapscript(checksig_leaf(0x21)),
            TapNode::tapscript(checksig_leaf(0x22)),
        )
        .under(&hidden_nodes(&id, depth - 1))
    };
    let fixture = Fixture::new(&id, 0x14, Some(tree));
    let success = spend_checksig(&fixture, 0x21);
    let (failure, what) = if depth == 0 {
        let extended = with_control(success.clone(), |mut c| {
            c.extend_from_slice(&[0x01; 32]);
            c
        });
        (
            extended,
            "an extra 32-byte node appended to the control block",
        )
    } else {
        let top = 33 + 32 * (depth - 1);
        let altered = with_control(success.clone(), |mut c| {
            c[top + 7] ^= 0x10;
            c
        });
        (altered, "one bit of the topmost path node flipped")
    };
    Case::new(
        &id,
        format!(
            "Script path to a leaf at depth {depth} (control block of {} bytes). \
             Failure: {what}",
            33 + 32 * depth
        ),
        &["TAPROOT-COMMITMENT", "TAPROOT-CONTROL-SIZE"],
        &fixture.spending,
    )
    .success(success)
    .failure(failure, WitnessProgramMismatch)
}

/// Leaf 0x21 at depth 128 and leaf 0x22 at depth 129 of one tree.
fn too_deep() -> Case {
    let id = "scriptpath-depth-129";
    let tree = TapNode::branch(
        TapNode::tapscript(checksig_leaf(0x21)),
        TapNode::branch(
            TapNode::tapscript(checksig_leaf(0x22)),
            TapNode::tapscript(checksig_leaf(0x23)),
        ),
    )
    .under(&hidden_nodes(id, 127));
    let fixture = Fixture::new(id, 0x14, Some(tree));
    Case::new(
        id,
        "A tree with a leaf at depth 128 and one at depth 129. Failure: spending the \
         leaf at depth 129, whose control block of 4161 bytes is too long even though \
         it commits correctly",
        &["TAPROOT-CONTROL-SIZE"],
        &fixture.spending,
    )
    .success(spend_checksig(&fixture, 0x21))
    .failure(spend_checksig(&fixture, 0x22), TaprootWrongControlSize)
}

fn control_sizes() -> Vec<Case> {
    let sizes: [usize; 7] = [0, 1, 32, 34, 64, 66, 33 + 32 * 129];
    sizes
        .into_iter()
        .map(|size| {
            let id = format!("scriptpath-control-size-{size}");
            let tree = TapNode::branch(
                TapNode::tapscript(checksig_leaf(0x21)),
                TapNode::tapscript(checksig_leaf(0x22)),
            );
            let fixture = Fixture::new(&id, 0x15, Some(tree));
            let success = spend_checksig(&fixture, 0x21);
            let failure = with_control(success.clone(), |mut c| {
                c.resize(size, 0x00);
                c
            });
            Case::new(
                &id,
                format!(
                    "Script path, control block of 65 bytes. Failure: the control block \
                     cut or padded to {size} bytes, not 33 + 32m with m <= 128"
                ),
                &["TAPROOT-CONTROL-SIZE"],
                &fixture.spending,
            )
            .success(success)
            .failure(failure, TaprootWrongControlSize)
        })
        .collect()
}

/// An x coordinate that is below the field size but not on the curve.
fn not_on_curve() -> [u8; 32] {
    (1u8..)
        .map(|n| {
            let mut x = [0u8; 32];
            x[31] = n;
            x
        })
        .find(|x| XOnlyPublicKey::from_slice(x).is_err())
        .expect("half of all x coordinates are not on the curve")
}

/// A tree of two checksig leaves whose output key has the given parity.
fn fixture_with_parity(id: &str, parity: u8) -> Fixture {
    let tree = TapNode::branch(
        TapNode::tapscript(checksig_leaf(0x21)),
        TapNode::tapscript(checksig_leaf(0x22)),
    );
    (0x30u8..)
        .map(|internal| Fixture::new(id, internal, Some(tree.clone())))
        .find(|fixture| fixture.output.parity == parity)
        .expect("half of all keys give each parity")
}

/// A script-path case whose failure is the valid spend with its control
/// block changed by `change`, under an output key of y parity `parity`.
fn control_change(
    name: &str,
    what: &str,
    parity: u8,
    change: impl FnOnce(Vec<u8>) -> Vec<u8>,
) -> Case {
    let id = format!("scriptpath-{name}");
    let fixture = fixture_with_parity(&id, parity);
    let success = spend_checksig(&fixture, 0x21);
    let failure = with_control(success.clone(), change);
    Case::new(
        &id,
        format!("Script path. Failure: the control block has {what}"),
        &["TAPROOT-COMMITMENT"],
        &fixture.spending,
    )
    .success(success)
    .failure(failure, WitnessProgramMismatch)
}

fn commitments() -> Vec<Case> {
    let flip_parity = |mut c: Vec<u8>| {
        c[0] ^= 1;
        c
    };
    let internal_key = |key: [u8; 32]| {
        move |mut c: Vec<u8>| {
            c[1..33].copy_from_slice(&key);
            c
        }
    };
    let other_key: [u8; 32] = key(0x40).try_into().expect("x-only keys are 32 bytes");
    vec![
        control_change(
            "parity-even",
            "the parity bit set although the output key's y is even",
            0,
            flip_parity,
        ),
        control_change(
            "parity-odd",
            "the parity bit cleared although the output key's y is odd",
            1,
            flip_parity,
        ),
        control_change(
            "internal-key-off-curve",
            "an internal key that is not on the curve",
            0,
            internal_key(not_on_curve()),
        ),
        control_change(
            "internal-key-above-field",
            "an internal key of 32 bytes 0xff, not below the field size",
            0,
            internal_key([0xff; 32]),
        ),
        control_change(
            "internal-key-other",
            "another valid internal key",
            0,
            internal_key(other_key),
        ),
        control_change(
            "wrong-leaf-version",
            "leaf version 0xc2 where the tree commits to 0xc0",
            0,
            |mut c| {
                c[0] = 0xc2 | (c[0] & 1);
                c
            },
        ),
        wrong_script(),
        path_order(),
    ]
}

fn wrong_script() -> Case {
    let id = "scriptpath-wrong-script";
    let fixture = fixture_with_parity(id, 0);
    let mut failure = spend_checksig(&fixture, 0x21);
    failure.witness[1] = checksig_leaf(0x23);
    Case::new(
        id,
        "Script path. Failure: another script with the leaf's control block",
        &["TAPROOT-COMMITMENT"],
        &fixture.spending,
    )
    .success(spend_checksig(&fixture, 0x21))
    .failure(failure, WitnessProgramMismatch)
}

fn path_order() -> Case {
    let id = "scriptpath-path-order";
    let tree = TapNode::branch(
        TapNode::tapscript(checksig_leaf(0x21)),
        TapNode::tapscript(checksig_leaf(0x22)),
    )
    .under(&hidden_nodes(id, 1));
    let fixture = Fixture::new(id, 0x16, Some(tree));
    let success = spend_checksig(&fixture, 0x21);
    let swapped = with_control(success.clone(), |c| {
        [&c[..33], &c[65..97], &c[33..65]].concat()
    });
    Case::new(
        id,
        "Script path at depth 2. Failure: the two path nodes swapped",
        &["TAPROOT-COMMITMENT"],
        &fixture.spending,
    )
    .success(success)
    .failure(swapped, WitnessProgramMismatch)
}

fn unknown_leaf_versions() -> Vec<Case> {
    let mut cases = Vec::new();
    let versions: [(u8, Vec<u8>, &str); 4] = [
        (0x00, vec![OP_RETURN], "OP_RETURN"),
        (0x66, vec![0x4d, 0xff], "a truncated push"),
        (0xc2, vec![OP_RETURN], "OP_RETURN"),
        (0xfe, vec![0x4d, 0xff], "a truncated push"),
    ];
    for (version, script, what) in versions {
        let id = format!("scriptpath-leaf-version-{version:02x}");
        let unknown = TapNode::Leaf {
            version,
            script: script.clone(),
        };
        let tree = TapNode::branch(unknown, TapNode::tapscript(checksig_leaf(0x21)));
        let fixture = Fixture::new(&id, 0x17, Some(tree.clone()));
        let spend_unknown = fixture.spend_leaf_version(vec![vec![0x00]], version, &script, None);
        let flipped = with_control(spend_unknown.clone(), |mut c| {
            c[0] ^= 1;
            c
        });
        cases.push(
            Case::new(
                &id,
                format!(
                    "Leaf version 0x{version:02x} is unknown: its script ({what}) is not \
                     run and the spend succeeds. Failure: the wrong parity, as the \
                     commitment is checked for every leaf version"
                ),
                &["TAPROOT-LEAF-VERSION", "TAPROOT-COMMITMENT"],
                &fixture.spending,
            )
            .success(spend_unknown.clone())
            .failure(flipped, WitnessProgramMismatch),
        );
        let id = format!("scriptpath-leaf-version-{version:02x}-discouraged");
        let fixture = Fixture::new(&id, 0x17, Some(tree));
        let flags = "P2SH,WITNESS,TAPROOT,DISCOURAGE_UPGRADABLE_TAPROOT_VERSION";
        cases.push(
            Case::new(
                &id,
                format!(
                    "Leaf version 0x{version:02x}. Failure: spending it under the policy \
                     flag DISCOURAGE_UPGRADABLE_TAPROOT_VERSION; the tapscript leaf of the \
                     same tree passes under it"
                ),
                &["TAPROOT-LEAF-VERSION"],
                &fixture.spending,
            )
            .flags(flags)
            .not_final()
            .success(spend_checksig(&fixture, 0x21))
            .failure(
                fixture.spend_leaf_version(vec![vec![0x00]], version, &script, None),
                DiscourageUpgradableTaprootVersion,
            ),
        );
    }
    cases
}

/// A tree of the `<key 0x21> OP_CHECKSIG` leaf and the leaf `OP_1`.
fn checksig_and_true() -> TapNode {
    TapNode::branch(
        TapNode::tapscript(checksig_leaf(0x21)),
        TapNode::tapscript(vec![OP_1]),
    )
}

fn annex() -> Vec<Case> {
    vec![annex_signed(), annex_tag(), leaf_version_50()]
}

fn annex_signed() -> Case {
    let id = "scriptpath-annex";
    let fixture = Fixture::new(id, 0x18, Some(checksig_and_true()));
    let leaf = checksig_leaf(0x21);
    let annex = vec![0x50, 0xde, 0xad];
    let signed = |annex: Option<Vec<u8>>| {
        let sig = LeafSig {
            annex,
            ..LeafSig::default()
        };
        fixture.leaf_sig(0x21, &leaf, sig)
    };
    let with_annex = signed(Some(annex.clone()));
    Case::new(
        id,
        "Script path with an annex after the control block: the tapscript \
         signature commits to it. Failure: a signature without the annex",
        &["TAPROOT-ANNEX", "SIGHASH-BIP341"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![with_annex], &leaf, Some(&annex)))
    .failure(
        fixture.spend_leaf(vec![signed(None)], &leaf, Some(&annex)),
        SchnorrSig,
    )
}

fn annex_tag() -> Case {
    let id = "scriptpath-annex-tag";
    let fixture = Fixture::new(id, 0x18, Some(checksig_and_true()));
    Case::new(
        id,
        "Script path to the leaf OP_1 with the annex 50aa. Failure: the last item \
         51aa, which is no annex and so is read as a 2-byte control block",
        &["TAPROOT-ANNEX", "TAPROOT-CONTROL-SIZE"],
        &fixture.spending,
    )
    .success(fixture.spend_leaf(vec![], &[OP_1], Some(&[0x50, 0xaa])))
    .failure(
        fixture.spend_leaf(vec![], &[OP_1], Some(&[0x51, 0xaa])),
        TaprootWrongControlSize,
    )
}

/// A control block whose first byte is 0x50 (leaf version 0x50, even
/// output key) is taken for an annex; BIP-0341 excludes that version.
fn leaf_version_50() -> Case {
    let id = "scriptpath-leaf-version-50";
    let tree = TapNode::branch(
        TapNode::Leaf {
            version: 0x50,
            script: vec![OP_1],
        },
        TapNode::tapscript(checksig_leaf(0x21)),
    );
    let fixture = (0x50u8..)
        .map(|internal| Fixture::new(id, internal, Some(tree.clone())))
        .find(|fixture| fixture.output.parity == 0)
        .expect("half of all keys give an even output key");
    Case::new(
        id,
        "A leaf of version 0x50 under an even output key: its control block starts \
         with 0x50, so it is read as an annex and the script as a 1-byte key-path \
         signature. Failure: spending that leaf",
        &["TAPROOT-ANNEX", "TAPROOT-LEAF-VERSION", "TAPROOT-SIG-SIZE"],
        &fixture.spending,
    )
    .success(spend_checksig(&fixture, 0x21))
    .failure(
        fixture.spend_leaf_version(vec![], 0x50, &[OP_1], None),
        SchnorrSigSize,
    )
}
